import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { returnAs, threadAt } from '../programs/index-math.js';

/**
 * Converts to `dtype`: floats to int32 truncate toward zero (and wrap), nonzero to bool is true.
 *
 * @example
 * ```ts
 * const i = cast({ inputs: { x }, attrs: { dtype: 'int32' }, backend });
 * ```
 */
export const cast: KernelFunc<'Cast', GpuBackend> = ({ inputs: { x }, attrs: { dtype }, backend }) => {
  const body =
    dtype === 'bool'
      ? 'return v != 0.0 ? 1.0 : 0.0;'
      : dtype === 'int32' && x.dtype === 'float32'
        ? returnAs('int32', '(v < 0.0 ? Math.ceil(v) : Math.floor(v))')
        : 'return v;';
  const source = `function(x) {\nlet v = x${threadAt(backend.layout, sizeFromShape(x.shape))};\n${body}\n}`;
  return backend.runProgram({ source, inputs: [x] }, x.shape, dtype);
};
