import { checkOptions } from '../check-options.js';
import { Expr } from '../elementwise/expr.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { ArgumentError } from '../errors.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { elementwiseOperands } from './elementwise-operands.js';

/**
 * Options of {@link elementwise}.
 *
 * @example
 * ```ts
 * elementwise([x], (v) => v.mul(v), { name: 'square' });
 * ```
 */
export interface ElementwiseOptions {
  /** The name errors and the gradient node carry (default `'elementwise'`). */
  name?: string;
}

/**
 * Runs a chain of elementwise math as one kernel: `build` receives one {@link Expr} per input
 * (tensors promoted to a common dtype as PyTorch's binary ops promote them, numbers as weak
 * scalars) and composes them with `Expr` methods; the result is computed in a single pass over
 * the broadcast shape, with no intermediate tensors. Every step rounds to its dtype as the
 * separate ops would, so on the CPU the values equal the unfused chain's bit for bit; a GPU's
 * shader compiler may contract steps of one program (a multiply-add), which can move the last
 * bit. The gradient is derived from the expression, saving only what it reads.
 *
 * @example
 * ```ts
 * // relu(x * w + b) in one kernel instead of three
 * const y = elementwise([x, w, b], (x, w, b) => x.mul(w).add(b).max(0));
 * // an optimizer's update, one pass per tensor
 * expAvg.copy_(elementwise([expAvg, grad], (m, g) => m.add(g.sub(m).mul(1 - beta1))));
 * ```
 */
export function elementwise(
  inputs: readonly TensorLike[],
  build: (...operands: Expr[]) => Expr,
  options: ElementwiseOptions = {},
): Tensor {
  checkOptions('elementwise', options, ['name']);
  const name = options.name ?? 'elementwise';
  if (!Array.isArray(inputs)) {
    throw new ArgumentError(`${name}: expected an array of inputs, got ${typeof inputs}; pass [x, y, ...].`);
  }
  if (typeof build !== 'function') {
    throw new ArgumentError(`${name}: expected a function building the expression, got ${typeof build}.`);
  }
  const { tensors, exprs } = elementwiseOperands(name, inputs);
  const expr = build(...exprs);
  if (!(expr instanceof Expr)) {
    throw new ArgumentError(
      `${name}: expected the function to return an Expr, got ${expr === null ? 'null' : typeof expr}; compose the operands it receives with Expr methods, e.g. (x, y) => x.add(y).max(0).`,
    );
  }
  assertOwnLeaves(name, expr, exprs);
  return runElementwise(name, tensors, expr);
}

/**
 * @internal Inputs must be the operands handed to `build`: a leaf made with `Expr.input` would
 * read the wrong tensor.
 */
export function assertOwnLeaves(name: string, expr: Expr, operands: readonly Expr[]): void {
  const own = new Set<Expr>();
  const collect = (e: Expr): void => {
    if (e.op === 'input') own.add(e);
    e.args.forEach(collect);
  };
  operands.forEach(collect);
  const seen = new Set<Expr>();
  const check = (e: Expr): void => {
    if (seen.has(e)) return;
    seen.add(e);
    if ((e.op === 'input' && !own.has(e)) || e.op === 'output' || e.op === 'gradOutput') {
      throw new ArgumentError(
        `${name}: expected an expression of the operands the function receives, got an Expr.${e.op}() leaf of its own; use the function's parameters instead.`,
      );
    }
    e.args.forEach(check);
  };
  check(expr);
}
