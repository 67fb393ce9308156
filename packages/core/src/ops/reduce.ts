import { noGrad } from '../autograd/grad-mode.js';
import { recordGrad } from '../autograd/record.js';
import { run } from '../autograd/run-kernel.js';
import type { ReduceOp } from '../backend/kernel-map.js';
import { DTypeError, ShapeError } from '../errors.js';
import { normalizeDim, normalizeDims, sizeFromShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { alias } from '../autograd/alias.js';
import { cast } from './cast.js';
import { assertFloat, full } from './creation.js';
import { oneHot } from './one-hot.js';
import { permuteRaw } from './transpose.js';

/**
 * The values and their positions along a dimension (PyTorch's `torch.return_types.max`).
 *
 * @example
 * ```ts
 * const { values, indices } = max(x, 1);
 * ```
 */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/** @internal The shape after reducing `axes`, with size-1 dims kept or dropped. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdim: boolean): number[] {
  return keepdim ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

function reduce(op: ReduceOp, x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  const axes = normalizeDims(op, dim, x.rank);
  if ((op === 'max' || op === 'min') && axes.some((a) => x.shape[a] === 0)) {
    throw new ShapeError(
      `${op}: expected a non-empty dimension to reduce, got shape [${x.shape.join(', ')}]; the ${op} of no elements is undefined.`,
    );
  }
  const out = run('Reduce', { x }, { op, axes });
  return keepdim ? alias(out, reducedShape(x.shape, axes, true)) : out;
}

/**
 * Sum over `dim` (one or several; all when omitted). Bool tensors sum as int32.
 *
 * @example
 * ```ts
 * sum(tensor([[1, 2], [3, 4]]), 1); // tensor([3., 7.])
 * ```
 */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce('sum', x.dtype === 'bool' ? cast(x, 'int32') : x, dim, keepdim);
}

/**
 * Mean over `dim` (all when omitted); floating-point tensors only, as PyTorch.
 *
 * @example
 * ```ts
 * mean(tensor([[1, 2], [3, 4]]), 0); // tensor([2., 3.])
 * ```
 */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  assertFloat('mean', x);
  const axes = normalizeDims('mean', dim, x.rank);
  const count = sizeFromShape(axes.map((a) => x.shape[a]!));
  return sum(x, axes, keepdim).div(count);
}

/**
 * Largest value over `dim` (all when omitted); the gradient is shared evenly by ties.
 *
 * @example
 * ```ts
 * amax(tensor([[1, 5], [3, 2]]), 1); // tensor([5., 3.])
 * ```
 */
export function amax(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce('max', x, dim, keepdim);
}

/**
 * Smallest value over `dim` (all when omitted); the gradient is shared evenly by ties.
 *
 * @example
 * ```ts
 * amin(tensor([[1, 5], [3, 2]]), 1); // tensor([1., 2.])
 * ```
 */
export function amin(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce('min', x, dim, keepdim);
}

/** The permutation moving the last of `rank` dimensions to `axis`. */
function moveLast(rank: number, axis: number): number[] {
  const dims = Array.from({ length: rank - 1 }, (_, i) => i);
  dims.splice(axis, 0, rank - 1);
  return dims;
}

function valuesIndices(op: 'max' | 'min', x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  if (x.dtype === 'bool')
    throw new DTypeError(`${op}: expected a numeric tensor, got dtype bool; cast it with .int() first.`);
  const axis = normalizeDim(op, dim, x.rank);
  if (x.rank > 0 && x.shape[axis] === 0) {
    throw new ShapeError(`${op}: expected a non-empty dimension ${dim}, got shape [${x.shape.join(', ')}].`);
  }
  const { values, indices } = noGrad(() => ({
    values: reduce(op, x, axis, keepdim),
    indices: argReduceRaw(op === 'max' ? 'argmax' : 'argmin', x, axis, keepdim),
  }));
  // PyTorch sends the gradient of max(x, dim) to the returned index only.
  const scalar = x.rank === 0;
  const depth = x.shape[axis]!;
  recordGrad(op === 'max' ? 'MaxBackward' : 'MinBackward', values, [x], [indices], (dy, [saved]) => {
    if (scalar) return [dy];
    const idx = keepdim ? saved!.squeeze(axis) : saved!;
    const g = keepdim ? dy : dy.unsqueeze(axis);
    return [permuteRaw(oneHot(idx, depth, dy.dtype), moveLast(idx.rank + 1, axis)).mul(g)];
  });
  return { values, indices };
}

/**
 * The largest element, or along `dim` the values and their first indices.
 *
 * @example
 * ```ts
 * max(x); // a 0-d tensor
 * const { values, indices } = max(x, 1);
 * ```
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? amax(x) : valuesIndices('max', x, dim, keepdim);
}

/**
 * The smallest element, or along `dim` the values and their first indices.
 *
 * @example
 * ```ts
 * const { values, indices } = min(x, 0);
 * ```
 */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? amin(x) : valuesIndices('min', x, dim, keepdim);
}

/**
 * Whether every element over `dim` is nonzero (bool).
 *
 * @example
 * ```ts
 * all(tensor([true, false])); // tensor(False)
 * ```
 */
export function all(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce('all', x, dim, keepdim);
}

/**
 * Whether any element over `dim` is nonzero (bool).
 *
 * @example
 * ```ts
 * any(tensor([true, false])); // tensor(True)
 * ```
 */
export function any(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce('any', x, dim, keepdim);
}

/** @internal argmax/argmin along one normalised axis. */
export function argReduceRaw(op: 'argmax' | 'argmin', x: Tensor, axis: number, keepdim: boolean): Tensor {
  if (x.rank === 0) return full([], 0, { dtype: 'int32', backend: x.backend });
  const out = run('ArgReduce', { x }, { op, axis });
  return keepdim ? alias(out, reducedShape(x.shape, [axis], true)) : out;
}
