import { ArgumentError, type AvgPool2dOptions, avgPool2d, type Tensor } from '@strata/core';
import { assertRank, Module } from '../module/module.js';
import { checkPoolWindow } from './pool-window.js';
import { pyValue } from './python-repr.js';

/**
 * 2-D average pooling as a layer (`nn.AvgPool2d`) over `[N, C, H, W]` or `[C, H, W]`; `stride`
 * defaults to the kernel size, and the divisor follows PyTorch (`countIncludePad`, `ceilMode`,
 * `divisorOverride`).
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

  constructor(kernelSize: number | readonly [number, number], options: AvgPool2dOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
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
