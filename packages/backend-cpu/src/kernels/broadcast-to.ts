import { type KernelFunc, sizeFromShape, stridesFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { stridedOffsets } from '../routines/strided-offsets.js';

/**
 * Repeats the size-1 dimensions of `x` (same rank as `shape`) out to `shape`.
 *
 * @example
 * ```ts
 * const b = broadcastTo({ inputs: { x }, attrs: { shape: [3, 4] }, backend }); // x: [3, 1]
 * ```
 */
export const broadcastTo: KernelFunc<'BroadcastTo', CpuBackend> = ({ inputs: { x }, attrs: { shape }, backend }) => {
  const src = backend.values(x.dataId);
  const out = backend.allocate(x.dtype, sizeFromShape(shape));
  if (src.length === 1) {
    out.fill(src[0]);
  } else {
    const inStrides = stridesFromShape(x.shape);
    const offsets = stridedOffsets(
      shape,
      inStrides.map((s, d) => (x.shape[d] === 1 ? 0 : s)),
      0,
    );
    for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
  }
  return backend.makeOutput(out, shape, x.dtype);
};
