import { isFloat } from '../dtype.js';
import { Expr } from '../elementwise/expr.js';
import type { Tensor } from '../tensor.js';
import { floatUnary, numericUnary, unary } from './unary-op.js';

/**
 * `-x`.
 *
 * @example
 * ```ts
 * neg(tensor([1, -2])); // tensor([-1.,  2.])
 * ```
 */
export function neg(x: Tensor): Tensor {
  return numericUnary('neg', x, (v) => v.neg());
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
  // The gradient is dy * sign(x): 0 at 0, as PyTorch's.
  return numericUnary(
    'abs',
    x,
    (v) => v.abs(),
    (dy, _y, v) => dy.mul(v.sign()),
  );
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
  return floatUnary('exp', x, (v) => v.exp());
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
  return floatUnary('log', x, (v) => v.log());
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
  return floatUnary('sqrt', x, (v) => v.sqrt());
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
  return floatUnary('rsqrt', x, (v) => v.sqrt().pow(-1));
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
  return numericUnary('square', x, (v) => v.square());
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
  // NOTE: not max's gradient, which gives half at x == 0: PyTorch's is 0 there, and it keeps
  // the output (y > 0), so a later in-place write to y is caught.
  return numericUnary(
    'relu',
    x,
    (v) => v.max(0),
    (dy, y) => Expr.where(y.gt(0), dy, 0),
  );
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
  return floatUnary('sigmoid', x, (v) => v.sigmoid());
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
  return floatUnary('tanh', x, (v) => v.tanh());
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
  return numericUnary('sign', x, (v) => v.sign());
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
  return numericUnary('floor', x, (v) => (isFloat(v.dtype) ? v.floor() : v));
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
  return numericUnary('ceil', x, (v) => (isFloat(v.dtype) ? v.ceil() : v));
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
  return numericUnary('round', x, (v) => (isFloat(v.dtype) ? v.round() : v));
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
  return unary('logicalNot', x, (v) => v.not());
}
