import { avgPoolDivisor, computePool2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { FloatArray } from '../routines/gemm.js';

/**
 * Gradient of `AvgPool2d`: each `dy` over its window's divisor, added to every cell of the
 * window that lies inside the input.
 *
 * @example
 * ```ts
 * const dx = avgPool2dGrad({ inputs: { dy }, attrs: { ...avgPoolAttrs, inputShape: x.shape }, backend });
 * ```
 */
export const avgPool2dGrad: KernelFunc<'AvgPool2dGrad', CpuBackend> = ({ inputs: { dy }, attrs, backend }) => {
  const info = computePool2dInfo(attrs.inputShape, attrs);
  const { inHeight, inWidth, outHeight, outWidth } = info;
  const dyValues = backend.values(dy.dataId) as FloatArray;
  const dx = backend.allocate(dy.dtype, sizeFromShape(attrs.inputShape)) as FloatArray;
  const inPlane = inHeight * inWidth;
  let o = 0;
  for (let plane = 0; plane < info.batch * info.channels; plane++) {
    const base = plane * inPlane;
    for (let oh = 0; oh < outHeight; oh++) {
      const hStart = oh * info.strideHeight - info.padHeight;
      const h0 = Math.max(hStart, 0);
      const h1 = Math.min(hStart + info.kernelHeight, inHeight);
      for (let ow = 0; ow < outWidth; ow++, o++) {
        const wStart = ow * info.strideWidth - info.padWidth;
        const w0 = Math.max(wStart, 0);
        const w1 = Math.min(wStart + info.kernelWidth, inWidth);
        const share = dyValues[o] / avgPoolDivisor(info, attrs, oh, ow);
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0, i = base + ih * inWidth + w0; iw < w1; iw++, i++) dx[i] += share;
        }
      }
    }
  }
  return backend.makeOutput(dx, attrs.inputShape, dy.dtype);
};
