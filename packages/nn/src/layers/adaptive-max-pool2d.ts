import { type AdaptiveOutputSize, ArgumentError, adaptiveMaxPool2d, type Tensor } from '@strata/core';
import { assertRank, Module } from '../module/module.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { checkOutputSize } from './adaptive-output-size.js';
import { pyValue } from './python-repr.js';

const ADAPTIVE_MAX_POOL2D = argSpec('AdaptiveMaxPool2d', ['outputSize', 'returnIndices'], 1, {
  outputSize: is.size,
  returnIndices: is.boolean,
});

/**
 * The arguments of {@link AdaptiveMaxPool2d}: PyTorch's `(output_size, return_indices=False)`, positionally or by name in an
 * options object.
 *
 * @example
 * ```ts
 * const args: AdaptiveMaxPool2dArgs = [{ outputSize: [7, 7] }];
 * ```
 */
export type AdaptiveMaxPool2dArgs = PyTorchArgs<
  [outputSize: AdaptiveOutputSize, returnIndices?: false],
  ['outputSize', 'returnIndices'],
  { outputSize: AdaptiveOutputSize; returnIndices?: false }
>;

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
  /** The output `[h, w]` (or one size for both); `null` keeps that input size. */
  readonly outputSize: AdaptiveOutputSize;

  constructor(...args: AdaptiveMaxPool2dArgs) {
    super();
    const options = parseArgs<{ outputSize: AdaptiveOutputSize; returnIndices?: boolean }>(ADAPTIVE_MAX_POOL2D, args);
    checkOutputSize('AdaptiveMaxPool2d', options.outputSize);
    if (options.returnIndices === true) {
      throw new ArgumentError(
        'AdaptiveMaxPool2d: returnIndices is not supported yet (adaptive max pooling computes the values only); drop it, or use maxPool2d with returnIndices over fixed windows.',
      );
    }
    this.outputSize = options.outputSize;
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
