import { ArgumentError } from '@strata/core';
import type { RawSampleDataset } from '../loader/raw-sample-dataset.js';
import type { Dataset, Image, RawImage, Transform } from '../types.js';
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
  /**
   * The untransformed sample behind `get(index)`, present when the underlying dataset has raw
   * samples (FashionMNIST, MNIST): the DataLoader then applies `transform` itself, with fresh
   * randomness each epoch and in worker threads, exactly as for the full dataset.
   */
  readonly getRaw?: (index: number) => readonly [RawImage, number];
  /** The underlying dataset's image transform, when it has raw samples. */
  readonly transform?: Transform<RawImage, Image> | undefined;
  /** The underlying dataset's label transform, when it has raw samples. */
  readonly targetTransform?: Transform<number, number> | undefined;

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
    const raw = dataset as Partial<RawSampleDataset>;
    if (typeof raw.getRaw === 'function') {
      const getRaw = raw.getRaw.bind(dataset);
      this.getRaw = (index) => {
        checkIndex('Subset.getRaw', index, this.length);
        return getRaw(this.indices[index]!);
      };
      this.transform = raw.transform;
      this.targetTransform = raw.targetTransform;
    }
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
