import { type AdaptiveOutputSize, adaptiveMaxPool2d, type Tensor } from '@strata/core';
import { assertRank, Module } from '../module/module.js';
import { checkOutputSize } from './adaptive-output-size.js';
import { pyValue } from './python-repr.js';

/**
 * Max pooling to a fixed output size whatever the input size (`nn.AdaptiveMaxPool2d`), with
 * PyTorch's bins.
 *
 * @example
 * ```ts
 * const pool = new AdaptiveMaxPool2d([2, 2]);
 * pool.forward(rand([1, 3, 5, 7])).shape; // [1, 3, 2, 2]
 * ```
 */
export class AdaptiveMaxPool2d extends Module {
  constructor(readonly outputSize: AdaptiveOutputSize) {
    super();
    checkOutputSize('AdaptiveMaxPool2d', outputSize);
  }

  /**
   * Takes the maximum of each bin.
   *
   * @example
   * ```ts
   * pool.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    assertRank('AdaptiveMaxPool2d', x, [4, 3], '(N, C, H, W) or (C, H, W)');
    return adaptiveMaxPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyValue(this.outputSize)}`;
  }
}
