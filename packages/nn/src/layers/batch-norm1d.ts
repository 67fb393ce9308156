import type { Tensor } from '@strata/core';
import { assertRank } from '../module/module.js';
import { parseArgs } from '../module/pytorch-args.js';
import { type BatchNormArgs, BatchNormBase, type BatchNormLayerOptions, batchNormSpec } from './batch-norm-base.js';

const BATCH_NORM1D = batchNormSpec('BatchNorm1d');

/**
 * Batch normalisation of `[N, C]` features or `[N, C, L]` sequences (`nn.BatchNorm1d`): each
 * channel is normalised over the batch (and the length), then scaled and shifted.
 *
 * @example
 * ```ts
 * const bn = new BatchNorm1d(120);
 * bn.forward(randn([32, 120])).shape; // [32, 120]
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(...args: BatchNormArgs) {
    const options = parseArgs<BatchNormLayerOptions & { numFeatures: number }>(BATCH_NORM1D, args);
    super('BatchNorm1d', options.numFeatures, options);
  }

  protected override assertInputRank(x: Tensor): void {
    assertRank('BatchNorm1d', x, [2, 3], '(N, C) or (N, C, L)');
  }
}
