import { run } from '../autograd/run-kernel.js';
import type { UnaryOp } from '../backend/kernel-map.js';
import { isFloat } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';

function unary(op: UnaryOp, x: Tensor): Tensor {
  return run('Unary', { x }, { op });
}

// Transcendental ops compute in floating point; integer and bool inputs are promoted, as in PyTorch.
function floatUnary(op: UnaryOp, x: Tensor): Tensor {
  return unary(op, isFloat(x.dtype) ? x : cast(x, 'float32'));
}

function numericUnary(op: UnaryOp, x: Tensor): Tensor {
  if (x.dtype === 'bool') {
    throw new DTypeError(`${op}: expected a numeric tensor, got dtype bool; cast it with .int() or .float() first.`);
  }
  return unary(op, x);
}

/**
 * `-x`.
 *
 * @example
 * ```ts
 * neg(tensor([1, -2])); // tensor([-1.,  2.])
 * ```
 */
export function neg(x: Tensor): Tensor {
  return numericUnary('neg', x);
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
  return numericUnary('abs', x);
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
  return floatUnary('exp', x);
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
  return floatUnary('log', x);
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
  return floatUnary('sqrt', x);
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
  return sqrt(x).pow(-1);
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
  return x.mul(x);
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
  return numericUnary('relu', x);
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
  return floatUnary('sigmoid', x);
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
  return floatUnary('tanh', x);
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
  return numericUnary('sign', x);
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
  return numericUnary('floor', x);
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
  return numericUnary('ceil', x);
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
  return numericUnary('round', x);
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
  return unary('logicalNot', x);
}
