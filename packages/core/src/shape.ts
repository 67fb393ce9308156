import { ArgumentError, ShapeError } from './errors.js';

/**
 * A tensor's dimensions, outermost first (`[N, C, H, W]`).
 *
 * @example
 * ```ts
 * const s: Shape = [1, 1, 6, 8];
 * ```
 */
export type Shape = readonly number[];

/**
 * The number of elements of a tensor with `shape` (1 for a scalar).
 *
 * @example
 * ```ts
 * sizeFromShape([2, 3]); // 6
 * ```
 */
export function sizeFromShape(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/**
 * Row-major (C-contiguous) strides of `shape`, in elements.
 *
 * @example
 * ```ts
 * stridesFromShape([2, 3, 4]); // [12, 4, 1]
 * ```
 */
export function stridesFromShape(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}

/**
 * `[2, 3]` printed the way error messages show shapes.
 *
 * @example
 * ```ts
 * formatShape([1, 1, 6, 8]); // '[1, 1, 6, 8]'
 * ```
 */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Whether two shapes are equal.
 *
 * @example
 * ```ts
 * shapesEqual([2, 3], [2, 3]); // true
 * ```
 */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The shape two (or more) shapes broadcast to, by NumPy/PyTorch rules: align on the right, and
 * each pair of sizes must be equal or contain a 1.
 *
 * @example
 * ```ts
 * broadcastShapes('add', [3, 1], [1, 4]); // [3, 4]
 * ```
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const shape of shapes) {
    for (let i = 0; i < shape.length; i++) {
      const o = rank - shape.length + i;
      const d = shape[i]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) {
        out[o] = d;
        continue;
      }
      throw new ShapeError(
        `${op}: expected shapes that broadcast (sizes equal or 1 in each dimension, aligned on the right), got ${shapes
          .map(formatShape)
          .join(' and ')}; dimension ${o - rank} has sizes ${out[o]} and ${d}.`,
      );
    }
  }
  return out;
}

/**
 * A dimension index in `[-rank, rank)` turned into `[0, rank)`.
 *
 * @example
 * ```ts
 * normalizeDim('softmax', -1, 3); // 2
 * ```
 */
export function normalizeDim(op: string, dim: number, rank: number): number {
  if (!Number.isInteger(dim)) {
    throw new ArgumentError(`${op}: expected an integer dimension, got ${dim}.`);
  }
  const lo = rank === 0 ? -1 : -rank;
  const hi = rank === 0 ? 0 : rank - 1;
  if (dim < lo || dim > hi) {
    throw new ShapeError(`${op}: expected a dimension in [${lo}, ${hi}] for a tensor of rank ${rank}, got ${dim}.`);
  }
  return dim < 0 ? dim + Math.max(rank, 1) : dim;
}

/**
 * A list of dimensions (or all of them when `dims` is undefined) normalised, sorted and
 * checked for repeats.
 *
 * @example
 * ```ts
 * normalizeDims('sum', [-1, 0], 3); // [0, 2]
 * ```
 */
export function normalizeDims(op: string, dims: number | readonly number[] | undefined, rank: number): number[] {
  if (dims === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : [...dims];
  const out = list.map((d) => normalizeDim(op, d, rank)).sort((a, b) => a - b);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) {
      throw new ArgumentError(
        `${op}: expected distinct dimensions, got ${formatShape(list)} (dimension ${out[i]} repeats).`,
      );
    }
  }
  return rank === 0 ? [] : out;
}

/**
 * Throws unless `shape` is a list of non-negative integers.
 *
 * @example
 * ```ts
 * assertValidShape('zeros', [2, 3]);
 * ```
 */
export function assertValidShape(op: string, shape: readonly unknown[]): asserts shape is Shape {
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: expected a shape of non-negative integers, got ${formatShape(shape as number[])}.`);
    }
  }
}
