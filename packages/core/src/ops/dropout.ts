import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { alias } from '../autograd/alias.js';
import { assertFloat, zerosLike } from './creation.js';
import { randLike } from './random.js';

/**
 * Zeroes each element with probability `p` and scales the rest by `1 / (1 - p)` while
 * `training`; returns `x` unchanged otherwise (`torch.nn.functional.dropout`).
 *
 * @example
 * ```ts
 * dropout(x, 0.5);          // training
 * dropout(x, 0.5, false);   // evaluation: x itself
 * ```
 */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ArgumentError(`dropout: expected a probability p in [0, 1], got ${p}.`);
  assertFloat('dropout', x);
  if (!training || p === 0) return alias(x, x.shape, 'Dropout');
  if (p === 1) return x.mul(zerosLike(x));
  return x.mul(randLike(x).ge(p)).div(1 - p);
}
