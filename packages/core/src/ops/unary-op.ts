import { isFloat } from '../dtype.js';
import { Expr } from '../elementwise/expr.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';

/**
 * @internal An op's own gradient expression, from `dy`, its output `y` and its input `x` (where
 * the primitives' rules would not give PyTorch's gradient, or PyTorch keeps the output).
 */
export type Vjp = (dy: Expr, y: Expr, x: Expr) => Expr;

/** @internal `build` of `x` as one `Elementwise` kernel named `op`. */
export function unary(op: string, x: Tensor, build: (v: Expr) => Expr, vjp?: Vjp): Tensor {
  const v = Expr.input(0, x.dtype);
  const expr = build(v);
  const grads = vjp && [vjp(Expr.gradOutput(expr.dtype), Expr.output(expr.dtype), v)];
  return runElementwise(op, [x], expr, grads);
}

/**
 * @internal A unary op that computes in floating point: integer and bool inputs are promoted to
 * float32, as in PyTorch.
 */
export function floatUnary(op: string, x: Tensor, build: (v: Expr) => Expr, vjp?: Vjp): Tensor {
  return unary(op, x, (v) => build(isFloat(v.dtype) ? v : v.cast('float32')), vjp);
}

/** @internal A unary op of numbers: bool inputs are refused. */
export function numericUnary(op: string, x: Tensor, build: (v: Expr) => Expr, vjp?: Vjp): Tensor {
  if (x.dtype === 'bool') {
    throw new DTypeError(`${op}: expected a numeric tensor, got dtype bool; cast it with .int() or .float() first.`);
  }
  return unary(op, x, build, vjp);
}
