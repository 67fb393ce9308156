import { ArgumentError, ShapeError } from '../errors.js';
import { formatShape, normalizeDim, normalizeDims, sizeFromShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { alias } from '../autograd/alias.js';

/**
 * `x` with a new shape of the same size, sharing its data. One dimension may be `-1` and is
 * inferred.
 *
 * @example
 * ```ts
 * arange(6).reshape([2, -1]); // shape [2, 3]
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return reshapeAs('reshape', x, shape);
}

/** @internal {@link reshape}, naming `op` (`view`, `reshape`) in its errors. */
export function reshapeAs(op: string, x: Tensor, shape: readonly number[]): Tensor {
  const inferred = shape.filter((d) => d === -1).length;
  if (inferred > 1 || shape.some((d) => !Number.isInteger(d) || d < -1)) {
    throw new ShapeError(`${op}: expected non-negative sizes and at most one -1, got ${formatShape(shape)}.`);
  }
  const known = sizeFromShape(shape.filter((d) => d !== -1));
  let out = [...shape];
  if (inferred === 1) {
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        `${op}: cannot infer the -1 in ${formatShape(shape)} for a tensor of ${x.size} elements (shape ${formatShape(x.shape)}).`,
      );
    }
    out = shape.map((d) => (d === -1 ? x.size / known : d));
  }
  if (sizeFromShape(out) !== x.size) {
    throw new ShapeError(
      `${op}: expected a shape with ${x.size} elements like ${formatShape(x.shape)}, got ${formatShape(shape)} (${sizeFromShape(out)} elements).`,
    );
  }
  return alias(x, out);
}

/**
 * Merges dimensions `startDim..endDim` into one.
 *
 * @example
 * ```ts
 * zeros([2, 3, 4]).flatten(1).shape; // [2, 12]
 * ```
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.rank === 0) return reshape(x, [1]);
  const start = normalizeDim('flatten', startDim, x.rank);
  const end = normalizeDim('flatten', endDim, x.rank);
  if (start > end) throw new ArgumentError(`flatten: expected startDim <= endDim, got ${startDim} and ${endDim}.`);
  const merged = sizeFromShape(x.shape.slice(start, end + 1));
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/**
 * Inserts a dimension of size 1 at `dim` (in `[-rank-1, rank]`).
 *
 * @example
 * ```ts
 * zeros([3]).unsqueeze(0).shape; // [1, 3]
 * ```
 */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, x.rank + 1);
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

/**
 * Removes dimensions of size 1: all of them, or those in `dim` (others are left alone, as PyTorch).
 *
 * @example
 * ```ts
 * zeros([1, 3, 1]).squeeze().shape; // [3]
 * ```
 */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = dim === undefined ? x.shape.map((_, i) => i) : normalizeDims('squeeze', dim, x.rank);
  return reshape(
    x,
    x.shape.filter((d, i) => !(d === 1 && dims.includes(i))),
  );
}
