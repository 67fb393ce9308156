import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { where } from './where.js';

/**
 * `x` limited to `[min, max]` (either bound may be omitted). The gradient passes where
 * `min <= x <= max`, as PyTorch's.
 *
 * @example
 * ```ts
 * clamp(tensor([-2, 0.5, 3]), 0, 1); // tensor([0.0000, 0.5000, 1.0000])
 * ```
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? undefined;
  const hi = max ?? undefined;
  if (lo === undefined && hi === undefined) {
    throw new ArgumentError('clamp: expected at least one of min and max, got neither.');
  }
  let out = x;
  if (lo !== undefined) out = where(out.lt(lo), lo, out);
  if (hi !== undefined) out = where(out.gt(hi), hi, out);
  return out;
}
