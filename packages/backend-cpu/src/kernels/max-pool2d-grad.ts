import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { FloatArray } from '../routines/gemm.js';

/**
 * Gradient of `MaxPool2d`: each `dy` goes to the input cell its window's winner came from
 * (the recorded `indices`), summed where windows share a winner.
 *
 * @example
 * ```ts
 * const dx = maxPool2dGrad({ inputs: { dy, indices }, attrs: { ...poolAttrs, inputShape: x.shape }, backend });
 * ```
 */
export const maxPool2dGrad: KernelFunc<'MaxPool2dGrad', CpuBackend> = ({ inputs: { dy, indices }, attrs, backend }) => {
  const [batch, channels, inHeight, inWidth] = attrs.inputShape as [number, number, number, number];
  const dyValues = backend.values(dy.dataId) as FloatArray;
  const winners = backend.values(indices.dataId) as Int32Array;
  const dx = backend.allocate(dy.dtype, sizeFromShape(attrs.inputShape)) as FloatArray;
  const inPlane = inHeight * inWidth;
  const outPlane = sizeFromShape(dy.shape.slice(2));
  for (let plane = 0, o = 0; plane < batch * channels; plane++) {
    const base = plane * inPlane;
    for (let end = o + outPlane; o < end; o++) dx[base + winners[o]] += dyValues[o];
  }
  return backend.makeOutput(dx, attrs.inputShape, dy.dtype);
};
