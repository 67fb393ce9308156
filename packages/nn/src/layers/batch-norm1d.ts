import type { Tensor } from '@strata/core';
import { assertRank } from '../module/module.js';
import { BatchNormBase, type BatchNormLayerOptions } from './batch-norm-base.js';

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
  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
  }

  protected override assertInputRank(x: Tensor): void {
    assertRank('BatchNorm1d', x, [2, 3], '(N, C) or (N, C, L)');
  }
}
