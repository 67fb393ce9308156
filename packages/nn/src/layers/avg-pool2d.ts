import { ArgumentError, avgPool2d, type Tensor } from '@strata/core';
import { assertRank, Module } from '../module/module.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { checkPoolWindow } from './pool-window.js';
import { pyValue } from './python-repr.js';
import type { Size2 } from './pair.js';

/**
 * Options of {@link AvgPool2d} (PyTorch's keyword arguments, camelCase).
 *
 * @example
 * ```ts
 * const o: AvgPool2dLayerOptions = { stride: 2, countIncludePad: false };
 * ```
 */
export interface AvgPool2dLayerOptions {
  /** Window step (default, or `null`: the kernel size). */
  stride?: Size2 | null;
  /** Implicit zero padding per side (default 0), at most half the kernel. */
  padding?: Size2;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
  /** Count the padding in the divisor (default true). */
  countIncludePad?: boolean;
  /** Divide by this instead of the window size (default `null`). */
  divisorOverride?: number | null;
}

const AVG_POOL2D = argSpec(
  'AvgPool2d',
  ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
  1,
  {
    kernelSize: is.size,
    stride: is.nullable(is.size),
    padding: is.size,
    ceilMode: is.boolean,
    countIncludePad: is.boolean,
    divisorOverride: is.nullable(is.number),
  },
);

/**
 * The arguments of {@link AvgPool2d}: PyTorch's `(kernel_size, stride=None, padding=0,
 * ceil_mode=False, count_include_pad=True, divisor_override=None)`, positionally or by name in
 * an options object.
 *
 * @example
 * ```ts
 * const args: AvgPool2dArgs = [2, 2]; // as [{ kernelSize: 2, stride: 2 }]
 * ```
 */
export type AvgPool2dArgs = PyTorchArgs<
  [
    kernelSize: Size2,
    stride?: Size2 | null,
    padding?: Size2,
    ceilMode?: boolean,
    countIncludePad?: boolean,
    divisorOverride?: number | null,
  ],
  ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
  AvgPool2dLayerOptions & { kernelSize: Size2 }
>;

/**
 * 2-D average pooling as a layer (`nn.AvgPool2d`) over `[N, C, H, W]` or `[C, H, W]`; `stride`
 * defaults to the kernel size, and the divisor follows PyTorch (`countIncludePad`, `ceilMode`,
 * `divisorOverride`). Arguments as PyTorch's, positionally or by name ({@link AvgPool2dArgs}).
 *
 * @example
 * ```ts
 * const pool = new AvgPool2d(2);
 * pool.forward(rand([1, 6, 28, 28])).shape; // [1, 6, 14, 14]
 * String(pool); // 'AvgPool2d(kernel_size=2, stride=2, padding=0)'
 * ```
 */
export class AvgPool2d extends Module {
  readonly kernelSize: number | readonly [number, number];
  readonly stride: number | readonly [number, number];
  readonly padding: number | readonly [number, number];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(...args: AvgPool2dArgs) {
    super();
    const options = parseArgs<AvgPool2dLayerOptions & { kernelSize: Size2 }>(AVG_POOL2D, args);
    this.kernelSize = options.kernelSize;
    this.stride = options.stride ?? options.kernelSize;
    this.padding = options.padding ?? 0;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = options.divisorOverride ?? null;
    checkPoolWindow('AvgPool2d', this.kernelSize, this.stride, this.padding, 1);
    if (this.divisorOverride !== null && (!Number.isFinite(this.divisorOverride) || this.divisorOverride === 0)) {
      throw new ArgumentError(`AvgPool2d: expected a nonzero divisorOverride, got ${this.divisorOverride}.`);
    }
  }

  /**
   * Averages each window.
   *
   * @example
   * ```ts
   * pool.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    assertRank('AvgPool2d', x, [4, 3], '(N, C, H, W) or (C, H, W)');
    return avgPool2d(x, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }

  // PyTorch prints only these three, whatever the other arguments.
  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`;
  }
}
