import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

/**
 * The adjoint of `Gather` (`index_copy` / `index_add`): `x` with its slices at `indices` along
 * `axis` replaced by (or, with `accumulate`, increased by) the slices of `values`, in order, so
 * the last of repeated indices wins a copy.
 *
 * @example
 * ```ts
 * const y = indexScatter({ inputs: { x, indices, values }, attrs: { axis: 0, accumulate: true }, backend });
 * ```
 */
export const indexScatter: KernelFunc<'IndexScatter', CpuBackend> = ({
  inputs: { x, indices, values },
  attrs: { axis, accumulate },
  backend,
}) => {
  const src = backend.values(x.dataId);
  const picks = backend.values(indices.dataId);
  const updates = backend.values(values.dataId);
  const outer = sizeFromShape(x.shape.slice(0, axis));
  const length = x.shape[axis];
  const inner = sizeFromShape(x.shape.slice(axis + 1));
  const out = backend.allocate(x.dtype, src.length);
  out.set(src);
  let u = 0;
  for (let r = 0; r < outer; r++) {
    for (let t = 0; t < picks.length; t++) {
      const start = (r * length + picks[t]) * inner;
      if (accumulate) for (let j = 0; j < inner; j++) out[start + j] += updates[u++];
      else for (let j = 0; j < inner; j++) out[start + j] = updates[u++];
    }
  }
  return backend.makeOutput(out, x.shape, x.dtype);
};
