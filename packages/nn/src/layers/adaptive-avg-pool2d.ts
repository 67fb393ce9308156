import { type AdaptiveOutputSize, adaptiveAvgPool2d, type Tensor } from '@strata/core';
import { assertRank, Module } from '../module/module.js';
import { checkOutputSize } from './adaptive-output-size.js';
import { pyValue } from './python-repr.js';

/**
 * Average pooling to a fixed output size whatever the input size (`nn.AdaptiveAvgPool2d`),
 * with PyTorch's (possibly overlapping) bins. `1` is the global average pool of NiN and ResNet.
 *
 * @example
 * ```ts
 * const gap = new AdaptiveAvgPool2d(1);
 * gap.forward(rand([2, 512, 7, 7])).shape; // [2, 512, 1, 1]
 * String(new AdaptiveAvgPool2d([null, 7])); // 'AdaptiveAvgPool2d(output_size=(None, 7))'
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: AdaptiveOutputSize) {
    super();
    checkOutputSize('AdaptiveAvgPool2d', outputSize);
  }

  /**
   * Averages each bin.
   *
   * @example
   * ```ts
   * gap.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    assertRank('AdaptiveAvgPool2d', x, [4, 3], '(N, C, H, W) or (C, H, W)');
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyValue(this.outputSize)}`;
  }
}
