import type { KernelAttrs } from '../backend/kernel-map.js';
import { makeTypedArray, type TypedArray } from '../dtype.js';
import { sizeFromShape } from '../shape.js';
import { integerAt, normalAt, uniformAt } from './counter-rng.js';

/**
 * The values of a `Random` kernel, computed on the host from the counter-based generator:
 * element `i` from counter `i`, so every backend that fills (or uploads) them gives the same
 * tensor for the same seed. Uniform in `[low, high)`, normal with mean `low` and std `high`,
 * integers in `[low, high)`.
 *
 * @example
 * ```ts
 * const values = randomValues({ shape: [2, 3], dtype: 'float32', distribution: 'uniform', seed: 42, low: 0, high: 1 });
 * ```
 */
export function randomValues({ shape, dtype, distribution, seed, low, high }: KernelAttrs<'Random'>): TypedArray {
  const out = makeTypedArray(dtype, sizeFromShape(shape));
  if (distribution === 'uniform') {
    const range = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + range * uniformAt(seed, i);
  } else if (distribution === 'normal') {
    for (let i = 0; i < out.length; i++) out[i] = low + high * normalAt(seed, i);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = integerAt(seed, i, low, high);
  }
  return out;
}
