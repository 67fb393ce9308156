import type { Tensor } from '@strata/core';
import { assertRank } from '../module/module.js';
import { BatchNormBase, type BatchNormLayerOptions } from './batch-norm-base.js';

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
  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
  }

  protected override assertInputRank(x: Tensor): void {
    assertRank(this.constructor.name, x, [4], '(N, C, H, W)');
  }
}
