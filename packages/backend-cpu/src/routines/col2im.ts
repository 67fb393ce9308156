import type { Conv2dInfo } from '@strata/core';
import type { FloatArray } from './gemm.js';
import { validRange } from './valid-range.js';

/**
 * The adjoint of {@link im2col}: adds every entry of the `[channels * KH * KW, OH * OW]` matrix
 * `cols` back onto the input position it was read from, into `channels` planes of `dx` starting
 * at `dxOffset` (entries that fell in the padding are dropped). `dx` must start zeroed.
 *
 * @example
 * ```ts
 * col2im(cols, dx, 0, info.inChannelsPerGroup, info);
 * ```
 */
export function col2im(cols: FloatArray, dx: FloatArray, dxOffset: number, channels: number, info: Conv2dInfo): void {
  const { inHeight, inWidth, kernelHeight, kernelWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  let src = 0;
  for (let c = 0; c < channels; c++) {
    const channelOffset = dxOffset + c * inHeight * inWidth;
    for (let kh = 0; kh < kernelHeight; kh++) {
      const hOffset = kh * info.dilationHeight - info.padTop;
      for (let kw = 0; kw < kernelWidth; kw++) {
        const wOffset = kw * info.dilationWidth - info.padLeft;
        const [owStart, owEnd] = validRange(wOffset, strideWidth, inWidth, outWidth);
        for (let oh = 0; oh < outHeight; oh++, src += outWidth) {
          const ih = oh * strideHeight + hOffset;
          if (ih < 0 || ih >= inHeight) continue;
          const dst = channelOffset + ih * inWidth + wOffset;
          for (let ow = owStart; ow < owEnd; ow++) dx[dst + ow * strideWidth] += cols[src + ow];
        }
      }
    }
  }
}
