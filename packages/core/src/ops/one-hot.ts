import { run } from '../autograd/run-kernel.js';
import type { DType } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';

/**
 * @internal Throws unless every index is in `[0, bound)` (or equals `allowed`, a sentinel such as
 * `ignoreIndex`); reads the (small) index tensor. Pass the tensor as the caller gave it, not one
 * computed from it, so a backend that keeps host copies of written tensors reads no device memory.
 */
export function assertIndicesInRange(op: string, indices: Tensor, bound: number, what: string, allowed?: number): void {
  if (indices.size === 0) return;
  const values = indices.dataSync();
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === allowed) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo < 0 || hi >= bound) {
    throw new ArgumentError(`${op}: expected ${what} in [0, ${bound - 1}], got values from ${lo} to ${hi}.`);
  }
}

/**
 * One-hot encoding: shape `[...indices.shape, numClasses]` with 1 at each index. With
 * `numClasses = -1` it is one more than the largest index. int32 unless `dtype` says otherwise.
 *
 * @example
 * ```ts
 * oneHot(tensor([0, 2], { dtype: 'int32' }), 3); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot(indices: Tensor, numClasses = -1, dtype: DType = 'int32'): Tensor {
  if (indices.dtype !== 'int32') {
    throw new DTypeError(`oneHot: expected int32 indices, got dtype ${indices.dtype}; cast them with .int().`);
  }
  let depth = numClasses;
  if (depth === -1) {
    depth = indices.size === 0 ? 0 : Math.max(...indices.dataSync()) + 1;
  } else if (!Number.isInteger(depth) || depth < 0) {
    throw new ArgumentError(`oneHot: expected numClasses >= 0 or -1, got ${numClasses}.`);
  }
  assertIndicesInRange('oneHot', indices, depth, 'class indices');
  return run('OneHot', { indices }, { depth, dtype });
}
