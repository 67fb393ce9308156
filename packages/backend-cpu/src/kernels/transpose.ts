import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { stridedOffsets } from '../routines/strided-offsets.js';

/**
 * Permutes dimensions: `out.shape[i] = x.shape[perm[i]]`.
 *
 * @example
 * ```ts
 * const t = transpose({ inputs: { x }, attrs: { perm: [1, 0] }, backend });
 * ```
 */
export const transpose: KernelFunc<'Transpose', CpuBackend> = ({ inputs: { x }, attrs: { perm }, output, backend }) => {
  const src = backend.values(x.dataId);
  const inStrides = stridesFromShape(x.shape);
  const offsets = stridedOffsets(
    output.shape,
    perm.map((p) => inStrides[p]),
    0,
  );
  const out = backend.allocate(x.dtype, src.length);
  for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
  return backend.makeOutput(out, output.shape, output.dtype);
};
