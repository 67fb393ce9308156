import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, unravel } from '../programs/index-math.js';

/**
 * `out[i] = x[begin + i * step]` per dimension.
 *
 * @example
 * ```ts
 * const y = slice({ inputs: { x }, attrs: { begin: [1], size: [2], step: [1] }, backend });
 * ```
 */
export const slice: KernelFunc<'Slice', GpuBackend> = ({ inputs: { x }, attrs: { begin, size, step }, backend }) => {
  const strides = stridesFromShape(x.shape);
  const base = begin.reduce((s, b, d) => s + b * strides[d]!, 0);
  const terms = coordTerms(
    step.map((s, d) => s * strides[d]!),
    size,
  );
  const source = `function(x) {\n${unravel(size, backend.layout)}\nreturn x${at(backend, x, terms, base)};\n}`;
  return backend.runProgram({ source, inputs: [x] }, size, x.dtype);
};
