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

interface Built {
  readonly expr: Expr;
  readonly grads: readonly Expr[] | undefined;
}

type Build = (v: Expr) => Expr;

// Expressions by build function, gradient rule and input dtype: an op whose build and rule are
// module-level constants reuses one expression, so its compiled program is found instead of
// rebuilt on every call. A function that closes over an option is a new object per call, so
// such an op is simply built again.
const built = new WeakMap<Build, WeakMap<Vjp | Build, Map<string, Built>>>();

/** @internal `build` of `x` as one `Elementwise` kernel named `op`. */
export function unary(op: string, x: Tensor, build: Build, vjp?: Vjp): Tensor {
  let byRule = built.get(build);
  if (byRule === undefined) {
    byRule = new WeakMap();
    built.set(build, byRule);
  }
  // Without a rule of its own, the build itself stands for the derived gradient.
  const rule = vjp ?? build;
  let byDType = byRule.get(rule);
  if (byDType === undefined) {
    byDType = new Map();
    byRule.set(rule, byDType);
  }
  let entry = byDType.get(x.dtype);
  if (entry === undefined) {
    const v = Expr.input(0, x.dtype);
    const expr = build(v);
    entry = { expr, grads: vjp && [vjp(Expr.gradOutput(expr.dtype), Expr.output(expr.dtype), v)] };
    byDType.set(x.dtype, entry);
  }
  return runElementwise(op, [x], entry.expr, entry.grads);
}

const inFloat = new WeakMap<Build, Build>();

/**
 * @internal A unary op that computes in floating point: integer and bool inputs are promoted to
 * float32, as in PyTorch.
 */
export function floatUnary(op: string, x: Tensor, build: Build, vjp?: Vjp): Tensor {
  let promoted = inFloat.get(build);
  if (promoted === undefined) {
    promoted = (v) => build(isFloat(v.dtype) ? v : v.cast('float32'));
    inFloat.set(build, promoted);
  }
  return unary(op, x, promoted, vjp);
}

/** @internal A unary op of numbers: bool inputs are refused. */
export function numericUnary(op: string, x: Tensor, build: (v: Expr) => Expr, vjp?: Vjp): Tensor {
  if (x.dtype === 'bool') {
    throw new DTypeError(`${op}: expected a numeric tensor, got dtype bool; cast it with .int() or .float() first.`);
  }
  return unary(op, x, build, vjp);
}
