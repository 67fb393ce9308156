import { avgPoolDivisor, computePool2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { FloatArray } from '../routines/gemm.js';

/**
 * Average pooling over NCHW planes: the sum of the window's cells inside the input (padding
 * adds zeros) over `avgPoolDivisor`, PyTorch's rule for `countIncludePad`, `ceilMode` and
 * `divisorOverride`. Average pooling has no dilation.
 *
 * @example
 * ```ts
 * const y = avgPool2d({ inputs: { x }, attrs: { kernelSize: [2, 2], strides: [2, 2], pad: [0, 0], ceilMode: false, countIncludePad: true, divisorOverride: null }, backend });
 * ```
 */
export const avgPool2d: KernelFunc<'AvgPool2d', CpuBackend> = ({ inputs: { x }, attrs, backend }) => {
  const info = computePool2dInfo(x.shape, attrs);
  const { inHeight, inWidth, outHeight, outWidth } = info;
  const src = backend.values(x.dataId) as FloatArray;
  const out = backend.allocate(x.dtype, sizeFromShape(info.outShape)) as FloatArray;
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
        let sum = 0;
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0, i = base + ih * inWidth + w0; iw < w1; iw++, i++) sum += src[i];
        }
        out[o] = sum / avgPoolDivisor(info, attrs, oh, ow);
      }
    }
  }
  return backend.makeOutput(out, info.outShape, x.dtype);
};
