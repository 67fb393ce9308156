import type { AvgPool2dAttrs, MaxPool2dAttrs, Pool2dAttrs } from '../backend/kernel-map.js';
import type { Shape } from '../shape.js';

/**
 * Every size a pooling kernel needs, computed once in core.
 *
 * @example
 * ```ts
 * computePool2dInfo([1, 1, 4, 4], attrs).outShape; // [1, 1, 2, 2] for a 2x2 window, stride 2
 * ```
 */
export interface Pool2dInfo {
  batch: number;
  channels: number;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  padHeight: number;
  padWidth: number;
  /** 1 for average pooling, whose windows are never dilated. */
  dilationHeight: number;
  dilationWidth: number;
  outShape: [number, number, number, number];
}

/**
 * Output size of one spatial dimension of a pooling, PyTorch's rule: with `ceilMode` the last
 * window may hang over the edge, but it must start inside the input or its left padding.
 *
 * @example
 * ```ts
 * poolOutputSize(5, 2, 2, 0, 1, true); // 3
 * ```
 */
export function poolOutputSize(
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * The sizes of a 2-D pooling of an NCHW input (max pooling's attributes carry its dilation).
 *
 * @example
 * ```ts
 * computePool2dInfo([1, 1, 3, 3], { kernelSize: [2, 2], strides: [1, 1], pad: [0, 0], ceilMode: false }).outShape;
 * // [1, 1, 2, 2]
 * ```
 */
export function computePool2dInfo(inputShape: Shape, attrs: Pool2dAttrs | MaxPool2dAttrs): Pool2dInfo {
  const [batch, channels, inHeight, inWidth] = inputShape as [number, number, number, number];
  const [kernelHeight, kernelWidth] = attrs.kernelSize;
  const [strideHeight, strideWidth] = attrs.strides;
  const [padHeight, padWidth] = attrs.pad;
  const [dilationHeight, dilationWidth] = 'dilations' in attrs ? attrs.dilations : [1, 1];
  const outHeight = poolOutputSize(inHeight, kernelHeight, strideHeight, padHeight, dilationHeight, attrs.ceilMode);
  const outWidth = poolOutputSize(inWidth, kernelWidth, strideWidth, padWidth, dilationWidth, attrs.ceilMode);
  return {
    batch,
    channels,
    inHeight,
    inWidth,
    outHeight,
    outWidth,
    kernelHeight,
    kernelWidth,
    strideHeight,
    strideWidth,
    padHeight,
    padWidth,
    dilationHeight,
    dilationWidth,
    outShape: [batch, channels, outHeight, outWidth],
  };
}

/**
 * The number an average-pooling window at output `(oh, ow)` divides by, PyTorch's rule: the
 * window clipped to the padded input when `countIncludePad`, to the input itself otherwise,
 * unless `divisorOverride` is set.
 *
 * @example
 * ```ts
 * avgPoolDivisor(info, attrs, 0, 0); // 4 for a 2x2 window without padding
 * ```
 */
export function avgPoolDivisor(info: Pool2dInfo, attrs: AvgPool2dAttrs, oh: number, ow: number): number {
  if (attrs.divisorOverride !== null) return attrs.divisorOverride;
  const hStart = oh * info.strideHeight - info.padHeight;
  const wStart = ow * info.strideWidth - info.padWidth;
  const hEnd = Math.min(hStart + info.kernelHeight, info.inHeight + info.padHeight);
  const wEnd = Math.min(wStart + info.kernelWidth, info.inWidth + info.padWidth);
  if (attrs.countIncludePad) return (hEnd - hStart) * (wEnd - wStart);
  return (Math.min(hEnd, info.inHeight) - Math.max(hStart, 0)) * (Math.min(wEnd, info.inWidth) - Math.max(wStart, 0));
}
