import type { Tensor } from '@strata/core';

/**
 * A source of `[x, y]` batches that `fit` can start at any epoch and batch: what `DataLoader`
 * from `@strata/data` is.
 *
 * @example
 * ```ts
 * const loader: BatchSource = new DataLoader(train, { batchSize: 256, shuffle: true });
 * ```
 */
export interface BatchSource {
  /** Batches per epoch. */
  readonly length: number;
  /** The batches of epoch `epoch` (0-based) from batch `start` on. */
  epochBatches(epoch: number, options?: { start?: number }): AsyncIterable<[Tensor, Tensor]>;
}

/**
 * A source of evaluation batches: any async iterable of `[x, y]` (a `DataLoader`).
 *
 * @example
 * ```ts
 * const test: EvalSource = new DataLoader(testSet, { batchSize: 256 });
 * ```
 */
export type EvalSource = AsyncIterable<[Tensor, Tensor]> & { readonly length?: number };

/**
 * Computes a scalar loss from the model's output and the targets; mean over the batch.
 *
 * @example
 * ```ts
 * const lossFn: LossFn = (logits, y) => crossEntropy(logits, y);
 * ```
 */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/**
 * What one epoch of `fit` measured: the chapters' `loss, train acc, test acc, examples/sec`.
 *
 * @example
 * ```ts
 * const m: EpochMetrics = result.history.at(-1)!;
 * console.log(m.epoch, m.trainLoss, m.testAccuracy);
 * ```
 */
export interface EpochMetrics {
  /** The epoch, counted from 1. */
  epoch: number;
  /** Mean training loss per example over the epoch (the model changing as it went). */
  trainLoss: number;
  /** Fraction of training examples classified correctly during the epoch. */
  trainAccuracy: number;
  /** Mean loss per example on the test set after the epoch; `null` without a test loader. */
  testLoss: number | null;
  /** Test accuracy after the epoch; `null` without a test loader. */
  testAccuracy: number | null;
  /** Training examples per second over the epoch's training steps. */
  examplesPerSec: number;
  /** Learning rate of the first parameter group during the epoch's last step. */
  lr: number;
  /** Wall-clock seconds of the epoch, evaluation included. */
  seconds: number;
}

/**
 * Progress within an epoch, given to callbacks every `progressEvery` batches and at its end.
 *
 * @example
 * ```ts
 * const onBatchEnd = (p: BatchProgress) => console.log(`${p.batch}/${p.batches} loss ${p.loss.toFixed(3)}`);
 * ```
 */
export interface BatchProgress {
  /** The epoch, counted from 1. */
  epoch: number;
  /** Batches done in this epoch. */
  batch: number;
  /** Batches in the epoch. */
  batches: number;
  /** Examples seen in this epoch. */
  examples: number;
  /** Running mean training loss of the epoch. */
  loss: number;
  /** Running training accuracy of the epoch. */
  accuracy: number;
  /** Training examples per second so far in this epoch. */
  examplesPerSec: number;
  /** Current learning rate of the first parameter group. */
  lr: number;
}
