import { type AdaptiveOutputSize, adaptiveAvgPool2d, type Tensor } from '@strata/core';
import { assertRank, Module } from '../module/module.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { checkOutputSize } from './adaptive-output-size.js';
import { pyValue } from './python-repr.js';

const ADAPTIVE_AVG_POOL2D = argSpec('AdaptiveAvgPool2d', ['outputSize'], 1, { outputSize: is.size });

/**
 * The arguments of {@link AdaptiveAvgPool2d}: PyTorch's `(output_size)`, positionally or by name in an
 * options object.
 *
 * @example
 * ```ts
 * const args: AdaptiveAvgPool2dArgs = [{ outputSize: [7, 7] }];
 * ```
 */
export type AdaptiveAvgPool2dArgs = PyTorchArgs<
  [outputSize: AdaptiveOutputSize],
  ['outputSize'],
  { outputSize: AdaptiveOutputSize }
>;

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
  /** The output `[h, w]` (or one size for both); `null` keeps that input size. */
  readonly outputSize: AdaptiveOutputSize;

  constructor(...args: AdaptiveAvgPool2dArgs) {
    super();
    const options = parseArgs<{ outputSize: AdaptiveOutputSize }>(ADAPTIVE_AVG_POOL2D, args);
    checkOutputSize('AdaptiveAvgPool2d', options.outputSize);
    this.outputSize = options.outputSize;
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
