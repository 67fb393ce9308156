import type { Conv2dInfo } from '@strata/core';

/**
 * The sizes the three convolution kernels loop over, derived once from the shared
 * `Conv2dInfo`.
 *
 * @example
 * ```ts
 * const { plane, patch, pointwise } = convLayout(computeConv2dInfo(x.shape, w.shape, attrs));
 * ```
 */
export interface ConvLayout {
  /** Output pixels per channel (`OH * OW`). */
  plane: number;
  /** Input pixels per channel (`H * W`). */
  inPlane: number;
  /** Input channels per group. */
  cg: number;
  /** Output channels per group. */
  og: number;
  /** Rows of the im2col matrix of one group (`cg * KH * KW`). */
  patch: number;
  /**
   * A plain 1x1 convolution with stride 1 and no padding, whose im2col matrix is the input
   * itself: the kernels then run GEMM straight on the input and skip the copy.
   */
  pointwise: boolean;
}

/**
 * The {@link ConvLayout} of a convolution.
 *
 * @example
 * ```ts
 * convLayout(computeConv2dInfo([1, 8, 4, 4], [16, 8, 1, 1], attrs)).pointwise; // true without stride or padding
 * ```
 */
export function convLayout(info: Conv2dInfo): ConvLayout {
  const cg = info.inChannelsPerGroup;
  return {
    plane: info.outHeight * info.outWidth,
    inPlane: info.inHeight * info.inWidth,
    cg,
    og: info.outChannelsPerGroup,
    patch: cg * info.kernelHeight * info.kernelWidth,
    pointwise:
      info.kernelHeight === 1 &&
      info.kernelWidth === 1 &&
      info.strideHeight === 1 &&
      info.strideWidth === 1 &&
      info.padTop === 0 &&
      info.padBottom === 0 &&
      info.padLeft === 0 &&
      info.padRight === 0,
  };
}
