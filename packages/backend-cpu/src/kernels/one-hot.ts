import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

/**
 * `[...indices.shape, depth]` of `dtype`: 1 at each index, 0 elsewhere (all 0 for an index
 * outside `[0, depth)`).
 *
 * @example
 * ```ts
 * const y = oneHot({ inputs: { indices }, attrs: { depth: 10, dtype: 'float32' }, backend });
 * ```
 */
export const oneHot: KernelFunc<'OneHot', CpuBackend> = ({ inputs: { indices }, attrs: { depth, dtype }, backend }) => {
  const picks = backend.values(indices.dataId);
  const out = backend.allocate(dtype, picks.length * depth);
  for (let i = 0; i < picks.length; i++) {
    const k = picks[i];
    if (k >= 0 && k < depth) out[i * depth + k] = 1;
  }
  return backend.makeOutput(out, [...indices.shape, depth], dtype);
};
