import type { MaxPool2dAttrs, Pool2dAttrs } from '../backend/kernel-map.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import { computePool2dInfo, type Pool2dInfo } from '../shape-info/pool2d-info.js';
import type { Tensor } from '../tensor.js';
import { assertFloat } from './creation.js';
import { toPair } from './pair.js';

/** @internal The options both poolings share. */
export interface Pool2dCommonOptions {
  /** Window step; defaults to the kernel size. */
  stride?: number | readonly [number, number] | null;
  /** Implicit padding on each side (at most half the kernel). */
  padding?: number | readonly [number, number];
  /** Round the output size up, letting the last window hang over the edge. */
  ceilMode?: boolean;
}

/**
 * @internal Validates a pooling call and resolves its attributes, its dilation (only max pooling
 * takes one) and sizes.
 */
export function poolAttrs(
  op: string,
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: Pool2dCommonOptions & { dilation?: number | readonly [number, number] },
): { attrs: Pool2dAttrs; dilations: MaxPool2dAttrs['dilations']; info: Pool2dInfo } {
  assertFloat(op, x);
  if (x.rank !== 4) {
    throw new ShapeError(
      `${op}: expected input of rank 4 (N, C, H, W) or 3 (C, H, W), got shape ${formatShape(x.shape)}${x.rank === 2 ? `; add batch and channel dimensions with x.reshape([1, 1, ${x.shape.join(', ')}])` : ''}.`,
    );
  }
  const kernel = toPair(op, 'kernelSize', kernelSize, 1);
  const stride = toPair(op, 'stride', options.stride ?? kernel, 1);
  const padding = toPair(op, 'padding', options.padding ?? 0, 0);
  const dilation = toPair(op, 'dilation', options.dilation ?? 1, 1);
  for (let i = 0; i < 2; i++) {
    const effective = dilation[i]! * (kernel[i]! - 1) + 1;
    if (padding[i]! * 2 > effective) {
      throw new ArgumentError(
        `${op}: expected padding at most half of the (dilated) kernel size, got padding [${padding.join(', ')}] for kernel [${kernel.join(', ')}]${dilation.some((d) => d > 1) ? ` with dilation [${dilation.join(', ')}]` : ''}.`,
      );
    }
  }
  const attrs: Pool2dAttrs = { kernelSize: kernel, strides: stride, pad: padding, ceilMode: options.ceilMode ?? false };
  const info = computePool2dInfo(x.shape, { ...attrs, dilations: dilation });
  if (info.outHeight < 1 || info.outWidth < 1) {
    throw new ShapeError(
      `${op}: expected an output of at least 1x1, got ${info.outHeight}x${info.outWidth} for input ${formatShape(x.shape)} with kernel [${kernel.join(', ')}], stride [${stride.join(', ')}], padding [${padding.join(', ')}]; use a smaller kernel or pad the input.`,
    );
  }
  return { attrs, dilations: dilation, info };
}
