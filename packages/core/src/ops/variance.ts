import { normalizeDims, sizeFromShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertFloat } from './creation.js';
import { mean, sum } from './reduce.js';
import { checkOptions, optionKeys } from '../check-options.js';

/**
 * Options of `variance` and `std` (PyTorch's keyword arguments).
 *
 * @example
 * ```ts
 * const o: VarianceOptions = { correction: 0, keepdim: true };
 * ```
 */
export interface VarianceOptions {
  /** Subtracted from the count in the divisor: 1 (Bessel's correction, default) or 0. */
  correction?: number;
  keepdim?: boolean;
}

const VARIANCE_KEYS = optionKeys<VarianceOptions>({ correction: true, keepdim: true });

/**
 * Variance over `dim` (all when omitted), dividing by `count - correction` (PyTorch's `var`).
 *
 * @example
 * ```ts
 * variance(tensor([1, 2, 3, 4])); // tensor(1.6667)
 * ```
 */
export function variance(x: Tensor, dim?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  checkOptions('variance', options, VARIANCE_KEYS);
  assertFloat('var', x);
  const axes = normalizeDims('var', dim, x.rank);
  const count = sizeFromShape(axes.map((a) => x.shape[a]!));
  const centered = x.sub(mean(x, axes, true));
  return sum(centered.mul(centered), axes, options.keepdim ?? false).div(
    Math.max(0, count - (options.correction ?? 1)),
  );
}

/**
 * Standard deviation: the square root of {@link variance}.
 *
 * @example
 * ```ts
 * std(tensor([1, 2, 3, 4]), undefined, { correction: 0 }); // tensor(1.1180)
 * ```
 */
export function std(x: Tensor, dim?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  checkOptions('std', options, VARIANCE_KEYS);
  return variance(x, dim, options).sqrt();
}
