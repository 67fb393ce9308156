import { run } from '../autograd/run-kernel.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { formatShape, normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { markCopyOf } from './view-copy.js';

/**
 * @internal Runs the `Slice` kernel with per-dimension begin/size/step (already valid).
 */
export function sliceRaw(
  x: Tensor,
  begin: readonly number[],
  size: readonly number[],
  step: readonly number[],
): Tensor {
  return run('Slice', { x }, { begin, size, step });
}

/**
 * @internal Elements `start, start + step, ...` below `end` along `dim`, Python slice rules:
 * negative indices count from the end, out-of-range bounds clamp. Not marked as standing for a
 * view: the method `x.slice()` and `narrow` mark their results.
 */
export function sliceAlong(
  op: string,
  x: Tensor,
  dim: number,
  start?: number | null,
  end?: number | null,
  step = 1,
): Tensor {
  if (x.rank === 0) throw new ShapeError(`${op}: expected a tensor of rank at least 1, got a scalar.`);
  const d = normalizeDim(op, dim, x.rank);
  if (!Number.isInteger(step) || step < 1) {
    throw new ArgumentError(
      `${op}: expected a positive integer step, got ${step}; negative steps are not supported (PyTorch's neither): reverse with an index tensor, x.index(arange(n - 1, -1, -1)).`,
    );
  }
  const n = x.shape[d]!;
  const clampIndex = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const lo = start == null ? 0 : clampIndex(start);
  const hi = end == null ? n : clampIndex(end);
  const count = hi > lo ? Math.ceil((hi - lo) / step) : 0;
  const begin = x.shape.map((_, i) => (i === d ? lo : 0));
  const size = x.shape.map((s, i) => (i === d ? count : s));
  const steps = x.shape.map((_, i) => (i === d ? step : 1));
  return sliceRaw(x, begin, size, steps);
}

/**
 * `length` elements from `start` along `dim` (PyTorch's `narrow`); the range must fit. A copy
 * where PyTorch returns a view (see {@link Tensor.index}).
 *
 * @example
 * ```ts
 * arange(6).narrow(0, 2, 3); // tensor([2, 3, 4])
 * ```
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim('narrow', dim, x.rank);
  const n = x.shape[d]!;
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > n) {
    throw new ShapeError(
      `narrow: expected start + length <= ${n} (size of dimension ${dim} of ${formatShape(x.shape)}), got start ${start} and length ${length}.`,
    );
  }
  return markCopyOf(sliceAlong('narrow', x, d, s, s + length), x, 'narrow');
}
