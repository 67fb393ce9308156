import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

/**
 * `index_select`: the slices of `x` at `indices` (int32, 1-D) along `axis`, in that order.
 *
 * @example
 * ```ts
 * const rows = gather({ inputs: { x, indices }, attrs: { axis: 0 }, backend });
 * ```
 */
export const gather: KernelFunc<'Gather', CpuBackend> = ({
  inputs: { x, indices },
  attrs: { axis },
  output,
  backend,
}) => {
  const src = backend.values(x.dataId);
  const picks = backend.values(indices.dataId);
  const outer = sizeFromShape(x.shape.slice(0, axis));
  const length = x.shape[axis];
  const inner = sizeFromShape(x.shape.slice(axis + 1));
  const out = backend.allocate(x.dtype, outer * picks.length * inner);
  let o = 0;
  for (let r = 0; r < outer; r++) {
    for (let t = 0; t < picks.length; t++) {
      const start = (r * length + picks[t]) * inner;
      for (let j = 0; j < inner; j++) out[o++] = src[start + j];
    }
  }
  return backend.makeOutput(out, output.shape, output.dtype);
};
