import { ArgumentError } from '@strata/core';
import type { Dataset } from '../types.js';
import { checkDataset } from './check-dataset.js';
import { checkIndex } from './check-index.js';

/**
 * The samples of `dataset` at `indices`, in that order (PyTorch's `Subset`). Indices are
 * checked once, here, so a bad one fails at construction rather than mid-epoch.
 *
 * @example
 * ```ts
 * const firstTen = new Subset(dataset, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * firstTen.get(3); // dataset.get(3)
 * ```
 */
export class Subset<T> implements Dataset<T> {
  readonly dataset: Dataset<T>;
  /** Index into `dataset` of each sample of the subset. */
  readonly indices: readonly number[];
  readonly length: number;

  constructor(dataset: Dataset<T>, indices: ArrayLike<number>) {
    checkDataset('Subset', 'the dataset', dataset);
    if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
      throw new ArgumentError(`Subset: expected indices to be an array of integers, got ${String(indices)}.`);
    }
    const copy = Array.from(indices);
    const bad = copy.findIndex((i) => !Number.isInteger(i) || i < 0 || i >= dataset.length);
    if (bad >= 0) {
      throw new ArgumentError(
        `Subset: expected every index in [0, ${dataset.length}) (the dataset's length), got ${String(copy[bad])} at position ${bad}.`,
      );
    }
    this.dataset = dataset;
    this.indices = Object.freeze(copy);
    this.length = copy.length;
  }

  /**
   * Sample `indices[index]` of the underlying dataset.
   *
   * @example
   * ```ts
   * new Subset(dataset, [5, 2]).get(0); // dataset.get(5)
   * ```
   */
  get(index: number): T {
    checkIndex('Subset.get', index, this.length);
    return this.dataset.get(this.indices[index]!);
  }
}
