import type { KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, broadcastStrides, coordTerms, unravel } from '../programs/index-math.js';

/**
 * Repeats size-1 dimensions of `x` to `shape`.
 *
 * @example
 * ```ts
 * const y = broadcastTo({ inputs: { x }, attrs: { shape: [2, 3] }, backend });
 * ```
 */
export const broadcastTo: KernelFunc<'BroadcastTo', GpuBackend> = ({ inputs: { x }, attrs: { shape }, backend }) => {
  const source = `function(x) {\n${unravel(shape, backend.layout)}\nreturn x${at(backend, x, coordTerms(broadcastStrides(x.shape, shape), shape))};\n}`;
  return backend.runProgram({ source, inputs: [x] }, shape, x.dtype);
};
