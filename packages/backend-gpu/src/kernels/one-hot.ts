import type { KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { num } from '../programs/index-math.js';

/**
 * `[...indices.shape, depth]` with 1 where the last coordinate equals the index.
 *
 * @example
 * ```ts
 * const y = oneHot({ inputs: { indices }, attrs: { depth: 10, dtype: 'float32' }, backend });
 * ```
 */
export const oneHot: KernelFunc<'OneHot', GpuBackend> = ({ inputs: { indices }, attrs: { depth, dtype }, backend }) => {
  const d = num(depth);
  const source = [
    'function(i) {',
    `let p = Math.floor((this.thread.x + 0.5) / ${d});`,
    `return i[p] == this.thread.x - p * ${d} ? 1.0 : 0.0;`,
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [indices] }, [...indices.shape, depth], dtype);
};
