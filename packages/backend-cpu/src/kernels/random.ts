import { integerAt, type KernelFunc, makeTypedArray, normalAt, sizeFromShape, uniformAt } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

/**
 * Draws from the shared counter-based generator, element `i` from counter `i`, so the values
 * match every other backend for the same seed: uniform in `[low, high)`, normal with mean `low`
 * and std `high`, integers in `[low, high)`.
 *
 * @example
 * ```ts
 * const r = random({ inputs: {}, attrs: { shape: [2, 3], dtype: 'float32', distribution: 'uniform', seed: 42, low: 0, high: 1 }, backend });
 * ```
 */
export const random: KernelFunc<'Random', CpuBackend> = ({ attrs: { shape, dtype, distribution, seed, low, high }, backend }) => {
  const out = makeTypedArray(dtype, sizeFromShape(shape));
  if (distribution === 'uniform') {
    const range = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + range * uniformAt(seed, i);
  } else if (distribution === 'normal') {
    for (let i = 0; i < out.length; i++) out[i] = low + high * normalAt(seed, i);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = integerAt(seed, i, low, high);
  }
  return backend.makeOutput(out, shape, dtype);
};
