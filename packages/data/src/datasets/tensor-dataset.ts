import { ArgumentError, formatShape, ShapeError, Tensor, tidy } from '@strata/core';
import type { Dataset } from '../types.js';
import { checkIndex } from './check-index.js';

/**
 * A dataset of tensors that share their first dimension (PyTorch's `TensorDataset`): sample
 * `i` is the tuple of the `i`-th slices along dimension 0. Each `get` runs slicing ops, so it
 * suits small in-memory data; the returned tensors belong to the caller.
 *
 * @example
 * ```ts
 * const ds = new TensorDataset(rand([100, 3]), arange(100));
 * const [x, y] = ds.get(7); // x.shape [3], y.shape []
 * ```
 */
export class TensorDataset<T extends readonly Tensor[] = Tensor[]> implements Dataset<T> {
  /** The tensors, as given. */
  readonly tensors: T;
  readonly length: number;

  constructor(...tensors: T) {
    if (tensors.length === 0) {
      throw new ArgumentError(
        'TensorDataset: expected at least one tensor, got none; pass the tensors as arguments: new TensorDataset(x, y).',
      );
    }
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new ArgumentError(
          `TensorDataset: expected tensor ${i} to be a Tensor, got ${typeof t}; wrap arrays with tensor(...).`,
        );
      }
      if (t.rank === 0) {
        throw new ShapeError(
          `TensorDataset: expected tensor ${i} to have a first (sample) dimension, got a scalar; use t.reshape([1]).`,
        );
      }
    });
    const length = tensors[0]!.shape[0]!;
    const mismatch = tensors.findIndex((t) => t.shape[0] !== length);
    if (mismatch >= 0) {
      throw new ShapeError(
        `TensorDataset: expected every tensor to have ${length} samples along dimension 0 (like tensor 0, ${formatShape(tensors[0]!.shape)}), got ${formatShape(tensors[mismatch]!.shape)} for tensor ${mismatch}.`,
      );
    }
    this.tensors = tensors;
    this.length = length;
  }

  /**
   * The `index`-th slice of every tensor along dimension 0.
   *
   * @example
   * ```ts
   * const [x, y] = new TensorDataset(zeros([4, 2]), arange(4)).get(3); // x [0, 0], y 3
   * ```
   */
  get(index: number): T {
    checkIndex('TensorDataset.get', index, this.length);
    // tidy frees the intermediate narrow() results and keeps only the returned slices.
    return tidy(() => this.tensors.map((t) => t.narrow(0, index, 1).reshape(t.shape.slice(1)))) as unknown as T;
  }
}
