import { sizeFromShape, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { reduce } from '../kernels/reduce.js';
import { num, unravel } from './index-math.js';

/**
 * Threads a per-channel sum aims for. A channel count is small (16 for a narrow ResNet's first
 * stage) and llvmpipe shades a small texture on one core, so the batch is split into chunks
 * whose partial sums a `Reduce` adds up, as for a filter gradient.
 */
const TARGET_THREADS = 8192;

/**
 * `[N, C, ...]` seen as `[N, C, S]`: batch, channels and the product of the trailing dimensions.
 *
 * @example
 * ```ts
 * channelDims([8, 3, 5, 5]); // { batch: 8, channels: 3, spatial: 25 }
 * ```
 */
export function channelDims(shape: readonly number[]): { batch: number; channels: number; spatial: number } {
  return { batch: shape[0]!, channels: shape[1]!, spatial: sizeFromShape(shape.slice(2)) };
}

/**
 * Per-channel sums `[C]` of `scale * term` over every element of an `[N, C, ...]` tensor of
 * `shape`. `term` is a gpu.js expression over the program's arguments (named as `inputs`' keys,
 * in order) that reads element `i` (the flat index) of channel `c`.
 *
 * @example
 * ```ts
 * const mean = channelSums(backend, x.shape, { x }, 'x[i]', 1 / count);
 * ```
 */
export function channelSums(
  backend: GpuBackend,
  shape: readonly number[],
  inputs: Record<string, TensorInfo>,
  term: string,
  scale: number,
): TensorInfo {
  const { batch, channels, spatial } = channelDims(shape);
  const chunks = Math.max(1, Math.min(batch, Math.ceil(TARGET_THREADS / channels)));
  const perChunk = Math.ceil(batch / chunks);
  const source = [
    `function(${Object.keys(inputs).join(', ')}) {`,
    unravel([chunks, channels]),
    'let c = c1;',
    'let s = 0.0;',
    `for (let j = 0; j < ${perChunk}; j++) {`,
    `let n = c0 * ${num(perChunk)} + j;`,
    `if (n < ${num(batch)}) {`,
    `let base = n * ${num(channels * spatial)} + c * ${num(spatial)};`,
    `for (let k = 0; k < ${spatial}; k++) {`,
    'let i = base + k;',
    `s = s + ${term};`,
    '}',
    '}',
    '}',
    `return s * ${num(scale)};`,
    '}',
  ].join('\n');
  const partial = backend.runProgram({ source, inputs: Object.values(inputs) }, [chunks, channels], 'float32');
  if (chunks === 1) return { ...partial, shape: [channels] };
  const sums = reduce({ inputs: { x: partial }, attrs: { op: 'sum', axes: [0] }, backend });
  backend.disposeData(partial.dataId);
  return sums;
}
