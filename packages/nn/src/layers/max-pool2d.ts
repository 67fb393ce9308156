import { type MaxPool2dOptions, maxPool2d, type Tensor } from '@strata/core';
import { assertRank, Module } from '../module/module.js';
import { checkPoolWindow } from './pool-window.js';
import { pyBool, pyValue } from './python-repr.js';

/**
 * 2-D max pooling as a layer (`nn.MaxPool2d`) over `[N, C, H, W]` or `[C, H, W]`; `stride`
 * defaults to the kernel size. Arguments keep the form they were given in (a number or a
 * pair), as PyTorch prints them.
 *
 * @example
 * ```ts
 * const pool = new MaxPool2d(3, { stride: 2 });
 * pool.forward(rand([1, 96, 54, 54])).shape; // [1, 96, 26, 26]
 * String(pool); // 'MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * ```
 */
export class MaxPool2d extends Module {
  readonly kernelSize: number | readonly [number, number];
  readonly stride: number | readonly [number, number];
  readonly padding: number | readonly [number, number];
  readonly dilation: number | readonly [number, number];
  readonly ceilMode: boolean;

  constructor(kernelSize: number | readonly [number, number], options: Omit<MaxPool2dOptions, 'returnIndices'> = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceilMode = options.ceilMode ?? false;
    checkPoolWindow('MaxPool2d', this.kernelSize, this.stride, this.padding, this.dilation);
  }

  /**
   * Takes the maximum of each window.
   *
   * @example
   * ```ts
   * pool.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    assertRank('MaxPool2d', x, [4, 3], '(N, C, H, W) or (C, H, W)');
    return maxPool2d(x, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}
