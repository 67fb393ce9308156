import { recordGrad } from '../autograd/record.js';
import { findBackend } from '../backend/registry.js';
import { type DType, isDType } from '../dtype.js';
import { Expr } from '../elementwise/expr.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { backendOf } from '../engine/engine.js';
import { DTypeError, StrataError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { alias, detachedAlias } from '../autograd/alias.js';
import { fromValues } from './creation.js';

/**
 * `x` converted to `dtype` (floats to integers truncate toward zero, nonzero to bool is true).
 * Casting to the same dtype returns a tensor sharing `x`'s data.
 *
 * @example
 * ```ts
 * cast(tensor([1.7, -1.7]), 'int32'); // tensor([ 1, -1])
 * ```
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (!isDType(dtype))
    throw new DTypeError(`cast: expected dtype 'float32', 'float64', 'int32' or 'bool', got ${String(dtype)}.`);
  if (x.dtype === dtype) return alias(x, x.shape, 'Cast');
  if (!backendOf(x).capabilities.dtypes.includes(dtype)) {
    throw new DTypeError(
      `cast: expected a dtype backend '${x.backend}' holds (${backendOf(x).capabilities.dtypes.join(', ')}), got ${dtype}.`,
    );
  }
  return runElementwise('cast', [x], Expr.input(0, x.dtype).cast(dtype));
}

/**
 * A copy of `x` with its own buffer; gradients flow through it.
 *
 * @example
 * ```ts
 * const y = clone(x);
 * ```
 */
export function clone(x: Tensor): Tensor {
  return runElementwise('clone', [x], Expr.input(0, x.dtype));
}

/**
 * A tensor sharing `x`'s data, cut from the autograd graph (it never requires grad); PyTorch's
 * `x.detach()` and `x.data`. In-place writes through either are seen by both, so
 * `w.detach().normal_(0, 0.01)` initialises `w`, as `w.data.normal_(0, 0.01)` does in PyTorch.
 *
 * @example
 * ```ts
 * const frozen = detach(x);
 * ```
 */
export function detach(x: Tensor): Tensor {
  return detachedAlias(x);
}

/**
 * `x`'s values on backend `name` (PyTorch's `x.to(device)`); gradients flow back to `x`'s
 * backend. Reads `x` synchronously, so its backend must support `dataSync`.
 *
 * @example
 * ```ts
 * const g = toBackend(x, 'gpu');
 * ```
 */
export function toBackend(x: Tensor, name: string): Tensor {
  if (x.backend === name) return alias(x, x.shape, 'To');
  const source = backendOf(x);
  if (!source.capabilities.syncRead) {
    throw new StrataError(
      `to: backend '${x.backend}' cannot read synchronously; read with await x.data() and create the tensor on '${name}'.`,
    );
  }
  findBackend(name);
  x._assertCurrent();
  const out = fromValues('to', source.readSync(x._dataId), x.shape, x.dtype, { backend: name });
  const from = x.backend;
  recordGrad('ToBackward', out, [x], [], (dy) => [toBackend(dy, from)]);
  return out;
}
