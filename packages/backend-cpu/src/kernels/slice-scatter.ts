import { type KernelFunc, sizeFromShape, stridesFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { stridedOffsets } from '../routines/strided-offsets.js';

/**
 * The adjoint of `Slice`: zeros of `shape` with `x[i]` placed at `begin + i * step`.
 *
 * @example
 * ```ts
 * const dx = sliceScatter({ inputs: { x: dy }, attrs: { shape: [4, 4], begin: [0, 1], step: [1, 2] }, backend });
 * ```
 */
export const sliceScatter: KernelFunc<'SliceScatter', CpuBackend> = ({
  inputs: { x },
  attrs: { shape, begin, step },
  backend,
}) => {
  const src = backend.values(x.dataId);
  const outStrides = stridesFromShape(shape);
  const offset = begin.reduce((sum, b, d) => sum + b * outStrides[d], 0);
  const offsets = stridedOffsets(
    x.shape,
    outStrides.map((s, d) => s * step[d]),
    offset,
  );
  const out = backend.allocate(x.dtype, sizeFromShape(shape));
  for (let i = 0; i < offsets.length; i++) out[offsets[i]] = src[i];
  return backend.makeOutput(out, shape, x.dtype);
};
