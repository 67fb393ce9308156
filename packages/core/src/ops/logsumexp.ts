import { noGrad } from '../autograd/grad-mode.js';
import { normalizeDims } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertFloat } from './creation.js';
import { amax, sum } from './reduce.js';
import { where } from './where.js';

/**
 * `log(sum(exp(x), dim))`, computed stably by shifting by the maximum.
 *
 * @example
 * ```ts
 * logsumexp(tensor([[0, 0]]), 1); // tensor([0.6931])
 * ```
 */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  assertFloat('logsumexp', x);
  const axes = normalizeDims('logsumexp', dim, x.rank);
  if (axes.some((a) => x.shape[a] === 0)) return sum(x.exp(), axes, keepdim).log();
  // The shift only keeps exp() in range; the result does not depend on it, so no gradient flows
  // through it. Rows that are all -inf (or inf) shift by 0 to return -inf (inf) instead of NaN.
  const shift = noGrad(() => {
    const m = amax(x, axes, true);
    return where(m.abs().eq(Number.POSITIVE_INFINITY), 0, m);
  });
  const out = sum(x.sub(shift).exp(), axes, true).log().add(shift);
  return keepdim ? out : out.squeeze(axes);
}
