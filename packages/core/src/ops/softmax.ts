import { noGrad } from '../autograd/grad-mode.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertFloat } from './creation.js';
import { logsumexp } from './logsumexp.js';
import { amax } from './reduce.js';

/**
 * `exp(x) / sum(exp(x), dim)`, computed stably.
 *
 * @example
 * ```ts
 * softmax(tensor([[1, 1]]), 1); // tensor([[0.5000, 0.5000]])
 * ```
 */
export function softmax(x: Tensor, dim: number): Tensor {
  assertFloat('softmax', x);
  const axis = normalizeDim('softmax', dim, x.rank);
  // Shifting by the (constant) maximum keeps exp() finite and leaves the result unchanged.
  const shift = noGrad(() => amax(x, axis, true));
  const e = x.sub(shift).exp();
  return e.div(e.sum(axis, true));
}

/**
 * `x - logsumexp(x, dim)`: the log of `softmax`, without its underflow.
 *
 * @example
 * ```ts
 * logSoftmax(tensor([[0, 0]]), 1); // tensor([[-0.6931, -0.6931]])
 * ```
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  assertFloat('logSoftmax', x);
  const axis = normalizeDim('logSoftmax', dim, x.rank);
  return x.sub(logsumexp(x, axis, true));
}
