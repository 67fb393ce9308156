import { ArgumentError } from '@strata/core';
import type { Dataset } from '../types.js';
import { checkDataset } from './check-dataset.js';
import { checkIndex } from './check-index.js';

/**
 * Several datasets one after the other (PyTorch's `ConcatDataset`).
 *
 * @example
 * ```ts
 * const both = new ConcatDataset([trainSet, extraSet]);
 * both.length; // trainSet.length + extraSet.length
 * ```
 */
export class ConcatDataset<T> implements Dataset<T> {
  readonly datasets: readonly Dataset<T>[];
  /** `cumulativeSizes[k]`: the number of samples in datasets `0..k`. */
  readonly cumulativeSizes: readonly number[];
  readonly length: number;

  constructor(datasets: readonly Dataset<T>[]) {
    if (!Array.isArray(datasets) || datasets.length === 0) {
      throw new ArgumentError(
        `ConcatDataset: expected a non-empty array of datasets, got ${Array.isArray(datasets) ? 'an empty array' : String(datasets)}.`,
      );
    }
    let total = 0;
    const sizes = datasets.map((d, k) => {
      checkDataset('ConcatDataset', `datasets[${k}]`, d);
      total += d.length;
      return total;
    });
    this.datasets = Object.freeze([...datasets]);
    this.cumulativeSizes = Object.freeze(sizes);
    this.length = total;
  }

  /**
   * Sample `index` of the concatenation.
   *
   * @example
   * ```ts
   * new ConcatDataset([a, b]).get(a.length); // b.get(0)
   * ```
   */
  get(index: number): T {
    checkIndex('ConcatDataset.get', index, this.length);
    // Binary search for the first dataset whose cumulative size exceeds index; empty datasets
    // share their neighbour's cumulative size and are skipped by the strict comparison.
    let lo = 0;
    let hi = this.cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulativeSizes[mid]! > index) hi = mid;
      else lo = mid + 1;
    }
    const start = lo === 0 ? 0 : this.cumulativeSizes[lo - 1]!;
    return this.datasets[lo]!.get(index - start);
  }
}
