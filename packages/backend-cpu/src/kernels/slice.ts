import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { stridedOffsets } from '../routines/strided-offsets.js';

/**
 * `out[i] = x[begin + i * step]` in every dimension, `size` elements each (steps positive).
 *
 * @example
 * ```ts
 * const s = slice({ inputs: { x }, attrs: { begin: [0, 1], size: [2, 2], step: [1, 2] }, backend });
 * ```
 */
export const slice: KernelFunc<'Slice', CpuBackend> = ({ inputs: { x }, attrs: { begin, size, step }, backend }) => {
  const src = backend.values(x.dataId);
  const inStrides = stridesFromShape(x.shape);
  const offset = begin.reduce((sum, b, d) => sum + b * inStrides[d], 0);
  const offsets = stridedOffsets(
    size,
    inStrides.map((s, d) => s * step[d]),
    offset,
  );
  const out = backend.allocate(x.dtype, offsets.length);
  for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
  return backend.makeOutput(out, size, x.dtype);
};
