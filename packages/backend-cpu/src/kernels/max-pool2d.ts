import { computePool2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { FloatArray } from '../routines/gemm.js';

/**
 * Max pooling over NCHW planes, with the flat `h * W + w` index of each winner (PyTorch's
 * `return_indices`). Padded cells never win; a NaN wins, as in PyTorch.
 *
 * @example
 * ```ts
 * const [values, indices] = maxPool2d({ inputs: { x }, attrs: { kernelSize: [2, 2], strides: [2, 2], pad: [0, 0], dilations: [1, 1], ceilMode: false }, backend });
 * ```
 */
export const maxPool2d: KernelFunc<'MaxPool2d', CpuBackend> = ({ inputs: { x }, attrs, backend }) => {
  const info = computePool2dInfo(x.shape, attrs);
  const { inHeight, inWidth, outHeight, outWidth, kernelHeight, kernelWidth, dilationHeight, dilationWidth } = info;
  const src = backend.values(x.dataId) as FloatArray;
  const size = sizeFromShape(info.outShape);
  const values = backend.allocate(x.dtype, size) as FloatArray;
  const indices = backend.allocate('int32', size);
  const inPlane = inHeight * inWidth;
  let o = 0;
  for (let plane = 0; plane < info.batch * info.channels; plane++) {
    const base = plane * inPlane;
    for (let oh = 0; oh < outHeight; oh++) {
      // First tap inside the input; PyTorch steps over the padding by whole dilations.
      let hStart = oh * info.strideHeight - info.padHeight;
      const hEnd = Math.min(hStart + (kernelHeight - 1) * dilationHeight + 1, inHeight);
      while (hStart < 0) hStart += dilationHeight;
      for (let ow = 0; ow < outWidth; ow++, o++) {
        let wStart = ow * info.strideWidth - info.padWidth;
        const wEnd = Math.min(wStart + (kernelWidth - 1) * dilationWidth + 1, inWidth);
        while (wStart < 0) wStart += dilationWidth;
        let best = Number.NEGATIVE_INFINITY;
        let bestIndex = hStart * inWidth + wStart;
        for (let ih = hStart; ih < hEnd; ih += dilationHeight) {
          for (let iw = wStart; iw < wEnd; iw += dilationWidth) {
            const v = src[base + ih * inWidth + iw];
            if (v > best || Number.isNaN(v)) {
              best = v;
              bestIndex = ih * inWidth + iw;
            }
          }
        }
        values[o] = best;
        indices[o] = bestIndex;
      }
    }
  }
  return [backend.makeOutput(values, info.outShape, x.dtype), backend.makeOutput(indices, info.outShape, 'int32')];
};
