import type { Expr } from '../elementwise/expr.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { elementwiseOperands } from './elementwise-operands.js';

/**
 * `x` limited to `[min, max]` (either bound may be omitted); fractional bounds make an integer
 * tensor float, as PyTorch's type promotion does. The gradient passes where `min <= x <= max`,
 * as PyTorch's.
 *
 * @example
 * ```ts
 * clamp(tensor([-2, 0.5, 3]), 0, 1); // tensor([0.0000, 0.5000, 1.0000])
 * ```
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? undefined;
  const hi = max ?? undefined;
  if (lo === undefined && hi === undefined) {
    throw new ArgumentError('clamp: expected at least one of min and max, got neither.');
  }
  const { tensors, exprs } = elementwiseOperands('clamp', [x, lo ?? 0, hi ?? 0]);
  const [v, low, high] = exprs as [Expr, Expr, Expr];
  return runElementwise(
    'clamp',
    tensors,
    v.clamp(lo === undefined ? undefined : low, hi === undefined ? undefined : high),
  );
}
