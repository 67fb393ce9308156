import { type DType, isFloat } from '../dtype.js';
import type { Expr } from '../elementwise/expr.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { checkOptions } from '../check-options.js';
import { elementwiseOperands } from './elementwise-operands.js';

// The expression of a binary op whose operands are all tensors depends only on the op, their
// dtypes and which of them are the same tensor: built once per such signature, it is one object,
// so its compiled program is found again instead of rebuilt on every call (a tiny op's main cost).
const expressions = new Map<string, Expr>();

function binary(
  op: string,
  operands: readonly TensorLike[],
  build: (x: Expr, y: Expr, alpha?: Expr) => Expr,
  force?: (promoted: DType) => DType,
): Tensor {
  const { tensors, exprs } = elementwiseOperands(op, operands, force);
  const signature = operands.every((v) => v instanceof Tensor)
    ? `${op}(${operands.map((v) => `${tensors.indexOf(v as Tensor)}.${(v as Tensor).dtype}`).join(',')})`
    : undefined;
  let expr = signature === undefined ? undefined : expressions.get(signature);
  if (expr === undefined) {
    expr = build(exprs[0]!, exprs[1]!, exprs[2]);
    if (signature !== undefined) expressions.set(signature, expr);
  }
  return runElementwise(op, tensors, expr);
}

const toFloat = (d: DType): DType => (isFloat(d) ? d : 'float32');
const toBool = (): DType => 'bool';
const noBool = (d: DType): DType => (d === 'bool' ? 'int32' : d);

/** `b * alpha` as a weak scalar of the promotion, unless alpha is absent or 1. */
function withAlpha(b: TensorLike, alpha: number | undefined): TensorLike[] {
  if (alpha === undefined || alpha === 1) return [b];
  return typeof b === 'number' || typeof b === 'boolean' ? [Number(b) * alpha] : [b, alpha];
}

/**
 * `a + alpha * b`, broadcasting.
 *
 * @example
 * ```ts
 * add(tensor([1, 2]), 1); // tensor([2., 3.])
 * ```
 */
export function add(a: TensorLike, b: TensorLike, options: { alpha?: number } = {}): Tensor {
  checkOptions('add', options, ['alpha']);
  return binary('add', [a, ...withAlpha(b, options.alpha)], (x, y, alpha) => x.add(alpha ? y.mul(alpha) : y), noBool);
}

/**
 * `a - alpha * b`, broadcasting.
 *
 * @example
 * ```ts
 * sub(tensor([1, 2]), tensor([1, 1])); // tensor([0., 1.])
 * ```
 */
export function sub(a: TensorLike, b: TensorLike, options: { alpha?: number } = {}): Tensor {
  checkOptions('sub', options, ['alpha']);
  return binary('sub', [a, ...withAlpha(b, options.alpha)], (x, y, alpha) => x.sub(alpha ? y.mul(alpha) : y), noBool);
}

/**
 * Elementwise product, broadcasting.
 *
 * @example
 * ```ts
 * mul(tensor([1, 2]), 3); // tensor([3., 6.])
 * ```
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary('mul', [a, b], (x, y) => x.mul(y), noBool);
}

/**
 * True division (integers are divided as floats, as `torch.div`).
 *
 * @example
 * ```ts
 * div(tensor([1, 2], { dtype: 'int32' }), 2); // tensor([0.5000, 1.0000])
 * ```
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary('div', [a, b], (x, y) => x.div(y), toFloat);
}

/**
 * `a` raised to `b`, elementwise.
 *
 * @example
 * ```ts
 * pow(tensor([1, 2, 3]), 2); // tensor([1., 4., 9.])
 * ```
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binary('pow', [a, b], (x, y) => x.pow(y), noBool);
}

/**
 * Elementwise maximum (NaN wins).
 *
 * @example
 * ```ts
 * maximum(tensor([1, 5]), tensor([3, 2])); // tensor([3., 5.])
 * ```
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary('maximum', [a, b], (x, y) => x.max(y));
}

/**
 * Elementwise minimum (NaN wins).
 *
 * @example
 * ```ts
 * minimum(tensor([1, 5]), tensor([3, 2])); // tensor([1., 2.])
 * ```
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary('minimum', [a, b], (x, y) => x.min(y));
}

/**
 * `a == b` as a bool tensor.
 *
 * @example
 * ```ts
 * eq(tensor([1, 2]), 2); // tensor([False,  True])
 * ```
 */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return binary('eq', [a, b], (x, y) => x.eq(y));
}

/**
 * `a != b` as a bool tensor.
 *
 * @example
 * ```ts
 * ne(tensor([1, 2]), 2); // tensor([ True, False])
 * ```
 */
export function ne(a: TensorLike, b: TensorLike): Tensor {
  return binary('ne', [a, b], (x, y) => x.ne(y));
}

/**
 * `a < b` as a bool tensor.
 *
 * @example
 * ```ts
 * lt(tensor([1, 2]), 2); // tensor([ True, False])
 * ```
 */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return binary('lt', [a, b], (x, y) => x.lt(y));
}

/**
 * `a <= b` as a bool tensor.
 *
 * @example
 * ```ts
 * le(tensor([1, 2]), 2); // tensor([True, True])
 * ```
 */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return binary('le', [a, b], (x, y) => x.le(y));
}

/**
 * `a > b` as a bool tensor.
 *
 * @example
 * ```ts
 * gt(tensor([1, 2]), 1); // tensor([False,  True])
 * ```
 */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return binary('gt', [a, b], (x, y) => x.gt(y));
}

/**
 * `a >= b` as a bool tensor.
 *
 * @example
 * ```ts
 * ge(tensor([1, 2]), 2); // tensor([False,  True])
 * ```
 */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return binary('ge', [a, b], (x, y) => x.ge(y));
}

/**
 * Elementwise logical and (nonzero is true).
 *
 * @example
 * ```ts
 * logicalAnd(tensor([true, false]), true); // tensor([ True, False])
 * ```
 */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return binary('logicalAnd', [a, b], (x, y) => x.and(y), toBool);
}

/**
 * Elementwise logical or (nonzero is true).
 *
 * @example
 * ```ts
 * logicalOr(tensor([true, false]), false); // tensor([ True, False])
 * ```
 */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return binary('logicalOr', [a, b], (x, y) => x.or(y), toBool);
}
