import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

/**
 * Converts to `dtype`: to bool is `!= 0` (so NaN is true), from bool is 0/1, float to int32
 * truncates toward zero; the same dtype copies.
 *
 * @example
 * ```ts
 * const i = cast({ inputs: { x }, attrs: { dtype: 'int32' }, backend });
 * ```
 */
export const cast: KernelFunc<'Cast', CpuBackend> = ({ inputs: { x }, attrs: { dtype }, backend }) => {
  const src = backend.values(x.dataId);
  const out = backend.allocate(dtype, src.length);
  if (dtype === 'bool' && x.dtype !== 'bool') {
    for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  } else {
    // Typed-array conversion on store is exactly the rest: ToInt32 truncates toward zero, and
    // float64 to float32 rounds to nearest.
    out.set(src);
  }
  return backend.makeOutput(out, x.shape, dtype);
};
