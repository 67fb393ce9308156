import { broadcastShapes, type KernelFunc, shapesEqual, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { broadcastOffsets } from '../routines/broadcast-offsets.js';

/**
 * `out = condition ? a : b` elementwise, all three broadcast together.
 *
 * @example
 * ```ts
 * const out = where({ inputs: { condition, a, b }, attrs: {}, backend });
 * ```
 */
export const where: KernelFunc<'Where', CpuBackend> = ({ inputs: { condition, a, b }, backend }) => {
  const outShape = broadcastShapes('where', condition.shape, a.shape, b.shape);
  const size = sizeFromShape(outShape);
  const c = backend.values(condition.dataId);
  const x = backend.values(a.dataId);
  const y = backend.values(b.dataId);
  const out = backend.allocate(a.dtype, size);
  if (shapesEqual(condition.shape, outShape) && shapesEqual(a.shape, outShape) && shapesEqual(b.shape, outShape)) {
    for (let i = 0; i < size; i++) out[i] = c[i] ? x[i] : y[i];
  } else {
    const ic = broadcastOffsets(condition.shape, outShape);
    const ia = broadcastOffsets(a.shape, outShape);
    const ib = broadcastOffsets(b.shape, outShape);
    for (let i = 0; i < size; i++) out[i] = c[ic[i]] ? x[ia[i]] : y[ib[i]];
  }
  return backend.makeOutput(out, outShape, a.dtype);
};
