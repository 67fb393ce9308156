import { run } from '../autograd/run-kernel.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { formatShape, normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { alias } from '../autograd/alias.js';
import { markCopyOf } from './view-copy.js';

/** @internal A `Transpose` for library code: skips the identity, no copy-for-view mark. */
export function permuteRaw(x: Tensor, perm: readonly number[]): Tensor {
  return perm.every((p, i) => p === i) ? x : run('Transpose', { x }, { perm });
}

function permuteAs(op: string, x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.rank) {
    throw new ShapeError(
      `${op}: expected ${x.rank} dimensions for a tensor of shape ${formatShape(x.shape)}, got ${formatShape(dims)}.`,
    );
  }
  const perm = dims.map((d) => normalizeDim(op, d, x.rank));
  if (new Set(perm).size !== perm.length) {
    throw new ArgumentError(`${op}: expected each dimension once, got ${formatShape(dims)}.`);
  }
  if (perm.every((p, i) => p === i)) return alias(x, x.shape, 'Transpose');
  return markCopyOf(run('Transpose', { x }, { perm }), x, op);
}

/**
 * Reorders dimensions: `out.shape[i] = x.shape[dims[i]]`. A copy where PyTorch returns a view
 * (see {@link Tensor.index}).
 *
 * @example
 * ```ts
 * zeros([2, 3, 4]).permute([2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  return permuteAs('permute', x, dims);
}

/**
 * Swaps two dimensions.
 *
 * @example
 * ```ts
 * zeros([2, 3]).transpose(0, 1).shape; // [3, 2]
 * ```
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim('transpose', dim0, x.rank);
  const b = normalizeDim('transpose', dim1, x.rank);
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permuteAs('transpose', x, perm);
}

/**
 * Transposes a matrix (tensors of rank 0 and 1 are returned as they are), as `torch.t`.
 *
 * @example
 * ```ts
 * zeros([2, 3]).t().shape; // [3, 2]
 * ```
 */
export function t(x: Tensor): Tensor {
  if (x.rank > 2) {
    throw new ShapeError(
      `t: expected a tensor of rank at most 2, got shape ${formatShape(x.shape)}; use transpose(dim0, dim1) or permute.`,
    );
  }
  return x.rank < 2 ? alias(x, x.shape, 'Transpose') : permuteAs('t', x, [1, 0]);
}

/**
 * Moves dimension `source` to position `destination`, keeping the others in order.
 *
 * @example
 * ```ts
 * movedim(zeros([2, 3, 4]), -1, 0).shape; // [4, 2, 3]
 * ```
 */
export function movedim(x: Tensor, source: number, destination: number): Tensor {
  const s = normalizeDim('movedim', source, x.rank);
  const d = normalizeDim('movedim', destination, x.rank);
  const rest = x.shape.map((_, i) => i).filter((i) => i !== s);
  rest.splice(d, 0, s);
  return permuteAs('movedim', x, rest);
}
