import type { Tensor } from '@strata/core';
import { assertRank } from '../module/module.js';
import { parseArgs } from '../module/pytorch-args.js';
import { type BatchNormArgs, BatchNormBase, type BatchNormLayerOptions, batchNormSpec } from './batch-norm-base.js';

const BATCH_NORM2D = batchNormSpec('BatchNorm2d');

/**
 * Batch normalisation over the channels of `[N, C, H, W]` inputs (`nn.BatchNorm2d`): each
 * channel is normalised over the batch and both spatial dimensions, then scaled and shifted.
 *
 * @example
 * ```ts
 * const bn = new BatchNorm2d(16);
 * bn.forward(randn([8, 16, 10, 10])).shape; // [8, 16, 10, 10]
 * Object.keys(bn.stateDict()); // ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(...args: BatchNormArgs) {
    const options = parseArgs<BatchNormLayerOptions & { numFeatures: number }>(BATCH_NORM2D, args);
    super('BatchNorm2d', options.numFeatures, options);
  }

  protected override assertInputRank(x: Tensor): void {
    assertRank(this.constructor.name, x, [4], '(N, C, H, W)');
  }
}
