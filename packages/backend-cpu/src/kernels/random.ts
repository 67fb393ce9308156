import { type KernelFunc, randomValues } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

/**
 * Draws from the shared counter-based generator (`randomValues`), element `i` from counter `i`,
 * so the values match every other backend for the same seed.
 *
 * @example
 * ```ts
 * const r = random({ inputs: {}, attrs: { shape: [2, 3], dtype: 'float32', distribution: 'uniform', seed: 42, low: 0, high: 1 }, backend });
 * ```
 */
export const random: KernelFunc<'Random', CpuBackend> = ({ attrs, backend }) =>
  backend.makeOutput(randomValues(attrs), attrs.shape, attrs.dtype);
