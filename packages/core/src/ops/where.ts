import { Expr } from '../elementwise/expr.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { DTypeError } from '../errors.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { elementwiseOperands } from './elementwise-operands.js';

/**
 * `a` where `condition` is true, `b` elsewhere; all three broadcast. `condition` must be bool.
 *
 * @example
 * ```ts
 * where(x.gt(0), x, 0); // relu
 * ```
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (condition.dtype !== 'bool') {
    throw new DTypeError(
      `where: expected a bool condition, got dtype ${condition.dtype}; compare first, e.g. x.gt(0).`,
    );
  }
  const { tensors, exprs } = elementwiseOperands('where', [a, b]);
  let c = tensors.indexOf(condition);
  if (c < 0) c = tensors.push(condition) - 1;
  return runElementwise('where', tensors, Expr.where(Expr.input(c, 'bool'), exprs[0]!, exprs[1]!));
}
