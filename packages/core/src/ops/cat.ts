import { run } from '../autograd/run-kernel.js';
import { promoteTypes } from '../dtype.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { formatShape, normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { unsqueeze } from './reshape.js';

/**
 * Joins tensors along an existing dimension `dim`; all other sizes must match. Dtypes promote.
 *
 * @example
 * ```ts
 * cat([zeros([2, 3]), ones([1, 3])], 0).shape; // [3, 3]
 * ```
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('cat: expected a non-empty list of tensors, got [].');
  const first = tensors[0]!;
  if (first.rank === 0)
    throw new ShapeError('cat: expected tensors of rank at least 1, got a scalar; use stack() to join scalars.');
  const axis = normalizeDim('cat', dim, first.rank);
  tensors.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((s, k) => k !== axis && s !== first.shape[k])) {
      throw new ShapeError(
        `cat: expected tensors matching ${formatShape(first.shape)} except in dimension ${axis}, got ${formatShape(t.shape)} at position ${i}.`,
      );
    }
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const xs = tensors.map((t) => (t.dtype === dtype ? t : cast(t, dtype)));
  return run('Concat', { xs }, { axis });
}

/**
 * Joins same-shaped tensors along a new dimension `dim`.
 *
 * @example
 * ```ts
 * stack([zeros([3]), ones([3])]).shape; // [2, 3]
 * ```
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('stack: expected a non-empty list of tensors, got [].');
  const first = tensors[0]!;
  const axis = normalizeDim('stack', dim, first.rank + 1);
  tensors.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((s, k) => s !== first.shape[k])) {
      throw new ShapeError(
        `stack: expected tensors of shape ${formatShape(first.shape)}, got ${formatShape(t.shape)} at position ${i}.`,
      );
    }
  });
  return cat(
    tensors.map((t) => unsqueeze(t, axis)),
    axis,
  );
}
