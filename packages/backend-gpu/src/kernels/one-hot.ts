import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, unravel } from '../programs/index-math.js';

/**
 * `[...indices.shape, depth]` with 1 where the last coordinate equals the index.
 *
 * @example
 * ```ts
 * const y = oneHot({ inputs: { indices }, attrs: { depth: 10, dtype: 'float32' }, backend });
 * ```
 */
export const oneHot: KernelFunc<'OneHot', GpuBackend> = ({ inputs: { indices }, attrs: { depth, dtype }, backend }) => {
  const positions = sizeFromShape(indices.shape);
  const source = [
    'function(i) {',
    unravel([positions, depth], backend.layout),
    `return i${at(backend, indices, [['c0', 1, positions]])} == c1 ? 1.0 : 0.0;`,
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [indices] }, [...indices.shape, depth], dtype);
};
