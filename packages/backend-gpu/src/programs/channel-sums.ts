import { sizeFromShape, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { batchChunks, sumChunks } from './batch-chunks.js';
import { num, unravel } from './index-math.js';

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
 * `shape`, over batch chunks ({@link batchChunks}). `term` is a gpu.js expression over the
 * program's arguments (named as `inputs`' keys, in order) that reads element `i` (the flat
 * index) of channel `c`.
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
  const { chunks, perChunk } = batchChunks(batch, channels);
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
  return sumChunks(backend, partial, [channels]);
}
