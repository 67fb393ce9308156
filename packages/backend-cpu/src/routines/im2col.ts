import type { Conv2dInfo } from '@strata/core';
import type { FloatArray } from './gemm.js';
import { validRange } from './valid-range.js';

/**
 * Unfolds `channels` input planes starting at `xOffset` into the `[channels * KH * KW, OH * OW]`
 * matrix `cols`, so a convolution becomes one GEMM: row `(c, kh, kw)` holds, for every output
 * position, the input value under filter tap `(kh, kw)` of channel `c` (0 in the padding).
 *
 * @example
 * ```ts
 * const cols = new Float32Array(info.inChannelsPerGroup * info.kernelHeight * info.kernelWidth * info.outHeight * info.outWidth);
 * im2col(x, 0, info.inChannelsPerGroup, info, cols);
 * ```
 */
export function im2col(x: FloatArray, xOffset: number, channels: number, info: Conv2dInfo, cols: FloatArray): void {
  const { inHeight, inWidth, kernelHeight, kernelWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  let dst = 0;
  for (let c = 0; c < channels; c++) {
    const channelOffset = xOffset + c * inHeight * inWidth;
    for (let kh = 0; kh < kernelHeight; kh++) {
      const hOffset = kh * info.dilationHeight - info.padTop;
      for (let kw = 0; kw < kernelWidth; kw++) {
        const wOffset = kw * info.dilationWidth - info.padLeft;
        const [owStart, owEnd] = validRange(wOffset, strideWidth, inWidth, outWidth);
        for (let oh = 0; oh < outHeight; oh++, dst += outWidth) {
          const ih = oh * strideHeight + hOffset;
          if (ih < 0 || ih >= inHeight) {
            cols.fill(0, dst, dst + outWidth);
            continue;
          }
          const src = channelOffset + ih * inWidth + wOffset;
          for (let ow = 0; ow < owStart; ow++) cols[dst + ow] = 0;
          for (let ow = owStart; ow < owEnd; ow++) cols[dst + ow] = x[src + ow * strideWidth];
          for (let ow = owEnd; ow < outWidth; ow++) cols[dst + ow] = 0;
        }
      }
    }
  }
}
