import type { Conv2dAttrs } from '../backend/kernel-map.js';
import type { Shape } from '../shape.js';

/**
 * Every size a convolution kernel needs, computed once in core so that no backend repeats the
 * arithmetic.
 *
 * @example
 * ```ts
 * const info = computeConv2dInfo([1, 1, 8, 8], [1, 1, 3, 3], attrs);
 * info.outHeight; // 8 with padding 1
 * ```
 */
export interface Conv2dInfo {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  groups: number;
  /** Input channels per group (`inChannels / groups`). */
  inChannelsPerGroup: number;
  /** Output channels per group (`outChannels / groups`). */
  outChannelsPerGroup: number;
  outShape: [number, number, number, number];
}

/**
 * Output size of one spatial dimension of a convolution (floor division, as PyTorch).
 *
 * @example
 * ```ts
 * convOutputSize(8, 3, 1, 1, 1, 1); // 8
 * ```
 */
export function convOutputSize(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  padBefore: number,
  padAfter: number,
): number {
  return Math.floor((size + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * The sizes of the convolution of an NCHW input with an OIHW filter.
 *
 * @example
 * ```ts
 * computeConv2dInfo([1, 3, 32, 32], [6, 3, 5, 5], { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 }).outShape;
 * // [1, 6, 28, 28]
 * ```
 */
export function computeConv2dInfo(inputShape: Shape, filterShape: Shape, attrs: Conv2dAttrs): Conv2dInfo {
  const [batch, inChannels, inHeight, inWidth] = inputShape as [number, number, number, number];
  const [outChannels, , kernelHeight, kernelWidth] = filterShape as [number, number, number, number];
  const [strideHeight, strideWidth] = attrs.strides;
  const [dilationHeight, dilationWidth] = attrs.dilations;
  const [padTop, padBottom, padLeft, padRight] = attrs.pad;
  const outHeight = convOutputSize(inHeight, kernelHeight, strideHeight, dilationHeight, padTop, padBottom);
  const outWidth = convOutputSize(inWidth, kernelWidth, strideWidth, dilationWidth, padLeft, padRight);
  return {
    batch,
    inChannels,
    inHeight,
    inWidth,
    outChannels,
    kernelHeight,
    kernelWidth,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop,
    padBottom,
    padLeft,
    padRight,
    groups: attrs.groups,
    inChannelsPerGroup: inChannels / attrs.groups,
    outChannelsPerGroup: outChannels / attrs.groups,
    outShape: [batch, outChannels, outHeight, outWidth],
  };
}
