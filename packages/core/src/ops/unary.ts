import { isFloat } from '../dtype.js';
import { Expr } from '../elementwise/expr.js';
import type { Tensor } from '../tensor.js';
import { floatUnary, numericUnary, unary, type Vjp } from './unary-op.js';

/**
 * @internal The unary ops' expressions: module-level functions, so that each op reuses its one
 * expression (see unary-op.ts); the fused epilogues build the same ones.
 */
export const UNARY_BUILDS = {
  neg: (v: Expr): Expr => v.neg(),
  exp: (v: Expr): Expr => v.exp(),
  log: (v: Expr): Expr => v.log(),
  sqrt: (v: Expr): Expr => v.sqrt(),
  rsqrt: (v: Expr): Expr => v.sqrt().pow(-1),
  square: (v: Expr): Expr => v.square(),
  sigmoid: (v: Expr): Expr => v.sigmoid(),
  tanh: (v: Expr): Expr => v.tanh(),
  sign: (v: Expr): Expr => v.sign(),
  floor: (v: Expr): Expr => (isFloat(v.dtype) ? v.floor() : v),
  ceil: (v: Expr): Expr => (isFloat(v.dtype) ? v.ceil() : v),
  round: (v: Expr): Expr => (isFloat(v.dtype) ? v.round() : v),
  logicalNot: (v: Expr): Expr => v.not(),
  abs: (v: Expr): Expr => v.abs(),
  relu: (v: Expr): Expr => v.max(0),
};

/** @internal The unary ops' own gradient rules. */
export const UNARY_VJPS: Record<'abs' | 'relu', Vjp> = {
  // dy * sign(x): 0 at 0, as PyTorch's.
  abs: (dy, _y, v) => dy.mul(v.sign()),
  // Not max's gradient, which gives half at x == 0: PyTorch's is 0 there, and it keeps the
  // output (y > 0), so a later in-place write to y is caught.
  relu: (dy, y) => Expr.where(y.gt(0), dy, 0),
};

/**
 * `-x`.
 *
 * @example
 * ```ts
 * neg(tensor([1, -2])); // tensor([-1.,  2.])
 * ```
 */
export function neg(x: Tensor): Tensor {
  return numericUnary('neg', x, UNARY_BUILDS.neg);
}

/**
 * `|x|`.
 *
 * @example
 * ```ts
 * abs(tensor([-1, 2])); // tensor([1., 2.])
 * ```
 */
export function abs(x: Tensor): Tensor {
  return numericUnary('abs', x, UNARY_BUILDS.abs, UNARY_VJPS.abs);
}

/**
 * `e^x`.
 *
 * @example
 * ```ts
 * exp(tensor([0])); // tensor([1.])
 * ```
 */
export function exp(x: Tensor): Tensor {
  return floatUnary('exp', x, UNARY_BUILDS.exp);
}

/**
 * Natural logarithm.
 *
 * @example
 * ```ts
 * log(tensor([1])); // tensor([0.])
 * ```
 */
export function log(x: Tensor): Tensor {
  return floatUnary('log', x, UNARY_BUILDS.log);
}

/**
 * Square root.
 *
 * @example
 * ```ts
 * sqrt(tensor([4])); // tensor([2.])
 * ```
 */
export function sqrt(x: Tensor): Tensor {
  return floatUnary('sqrt', x, UNARY_BUILDS.sqrt);
}

/**
 * `1 / sqrt(x)`.
 *
 * @example
 * ```ts
 * rsqrt(tensor([4])); // tensor([0.5000])
 * ```
 */
export function rsqrt(x: Tensor): Tensor {
  return floatUnary('rsqrt', x, UNARY_BUILDS.rsqrt);
}

/**
 * `x * x`.
 *
 * @example
 * ```ts
 * square(tensor([3])); // tensor([9.])
 * ```
 */
export function square(x: Tensor): Tensor {
  return numericUnary('square', x, UNARY_BUILDS.square);
}

/**
 * `max(x, 0)`; its gradient at 0 is 0, as PyTorch's.
 *
 * @example
 * ```ts
 * relu(tensor([-1, 2])); // tensor([0., 2.])
 * ```
 */
export function relu(x: Tensor): Tensor {
  return numericUnary('relu', x, UNARY_BUILDS.relu, UNARY_VJPS.relu);
}

/**
 * `1 / (1 + e^-x)`.
 *
 * @example
 * ```ts
 * sigmoid(tensor([0])); // tensor([0.5000])
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  return floatUnary('sigmoid', x, UNARY_BUILDS.sigmoid);
}

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * tanh(tensor([0])); // tensor([0.])
 * ```
 */
export function tanh(x: Tensor): Tensor {
  return floatUnary('tanh', x, UNARY_BUILDS.tanh);
}

/**
 * -1, 0 or 1 by the sign of each element.
 *
 * @example
 * ```ts
 * sign(tensor([-3, 0, 2])); // tensor([-1.,  0.,  1.])
 * ```
 */
export function sign(x: Tensor): Tensor {
  return numericUnary('sign', x, UNARY_BUILDS.sign);
}

/**
 * Rounds down.
 *
 * @example
 * ```ts
 * floor(tensor([1.5])); // tensor([1.])
 * ```
 */
export function floor(x: Tensor): Tensor {
  return numericUnary('floor', x, UNARY_BUILDS.floor);
}

/**
 * Rounds up.
 *
 * @example
 * ```ts
 * ceil(tensor([1.5])); // tensor([2.])
 * ```
 */
export function ceil(x: Tensor): Tensor {
  return numericUnary('ceil', x, UNARY_BUILDS.ceil);
}

/**
 * Rounds half to even, as `torch.round`.
 *
 * @example
 * ```ts
 * round(tensor([0.5, 1.5])); // tensor([0., 2.])
 * ```
 */
export function round(x: Tensor): Tensor {
  return numericUnary('round', x, UNARY_BUILDS.round);
}

/**
 * Elementwise logical not (zero is false).
 *
 * @example
 * ```ts
 * logicalNot(tensor([true, false])); // tensor([False,  True])
 * ```
 */
export function logicalNot(x: Tensor): Tensor {
  return unary('logicalNot', x, UNARY_BUILDS.logicalNot);
}
