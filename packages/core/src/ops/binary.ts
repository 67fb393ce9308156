import { run } from '../autograd/run-kernel.js';
import type { BinaryOp } from '../backend/kernel-map.js';
import { type DType, isFloat } from '../dtype.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { binaryOperands } from './scalar-operands.js';
import { checkOptions } from '../check-options.js';

function binary(op: BinaryOp, a: TensorLike, b: TensorLike, force?: (promoted: DType) => DType): Tensor {
  const [x, y] = binaryOperands(op, a, b, force);
  broadcastShapes(op, x.shape, y.shape);
  return run('Binary', { a: x, b: y }, { op });
}

const toFloat = (d: DType): DType => (isFloat(d) ? d : 'float32');
const toBool = (): DType => 'bool';
const noBool = (d: DType): DType => (d === 'bool' ? 'int32' : d);

function scaleBy(b: TensorLike, alpha: number | undefined): TensorLike {
  if (alpha === undefined || alpha === 1) return b;
  return typeof b === 'number' || typeof b === 'boolean' ? Number(b) * alpha : mul(b, alpha);
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
  const scaled = scaleBy(b, options.alpha);
  return binary('add', a, scaled, noBool);
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
  const scaled = scaleBy(b, options.alpha);
  return binary('sub', a, scaled, noBool);
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
  return binary('mul', a, b, noBool);
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
  return binary('div', a, b, toFloat);
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
  return binary('pow', a, b, noBool);
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
  return binary('maximum', a, b);
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
  return binary('minimum', a, b);
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
  return binary('eq', a, b);
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
  return binary('ne', a, b);
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
  return binary('lt', a, b);
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
  return binary('le', a, b);
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
  return binary('gt', a, b);
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
  return binary('ge', a, b);
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
  return binary('logicalAnd', a, b, toBool);
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
  return binary('logicalOr', a, b, toBool);
}
