import { sizeFromShape, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { batchChunks, sumChunks } from './batch-chunks.js';
import { at, num, unravel } from './index-math.js';

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
 * Per-channel sums `[C]` of `scale * term` over every element of the `[N, C, ...]` tensor
 * `full`, over batch chunks ({@link batchChunks}). `term(i)` is a gpu.js expression over the
 * program's arguments (named as `inputs`' keys, in order) that reads an element of `full`'s
 * shape with the index suffix `i` (`x${i}`) and a per-channel value at `[c]`.
 *
 * @example
 * ```ts
 * const mean = channelSums(backend, x, { x }, (i) => `x${i}`, 1 / count);
 * ```
 */
export function channelSums(
  backend: GpuBackend,
  full: TensorInfo,
  inputs: Record<string, TensorInfo>,
  term: (i: string) => string,
  scale: number,
): TensorInfo {
  const { batch, channels, spatial } = channelDims(full.shape);
  const i = at(backend, full, [
    ['n', channels * spatial, batch],
    ['c', spatial, channels],
    ['k', 1, spatial],
  ]);
  const { chunks, perChunk } = batchChunks(batch, channels);
  const source = [
    `function(${Object.keys(inputs).join(', ')}) {`,
    unravel([chunks, channels], backend.layout),
    'let c = c1;',
    'let s = 0.0;',
    `for (let j = 0; j < ${perChunk}; j++) {`,
    `let n = c0 * ${num(perChunk)} + j;`,
    `if (n < ${num(batch)}) {`,
    `for (let k = 0; k < ${spatial}; k++) {`,
    `s = s + ${term(i)};`,
    '}',
    '}',
    '}',
    `return s * ${num(scale)};`,
    '}',
  ].join('\n');
  const partial = backend.runProgram({ source, inputs: Object.values(inputs) }, [chunks, channels], 'float32');
  return sumChunks(backend, partial, [channels]);
}
