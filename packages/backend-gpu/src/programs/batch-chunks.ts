import type { TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { reduce } from '../kernels/reduce.js';

/**
 * Threads a batch-reducing pass aims for. Its output is small (a filter gradient of 150
 * elements, a batch norm's 16 channel sums), and llvmpipe shades a small texture on one core,
 * so the batch is split into chunks whose partial sums a second pass adds up.
 */
const TARGET_THREADS = 8192;

/**
 * How a pass with `outputs` results per chunk splits a batch of `batch` samples: `chunks`
 * partial results of `perChunk` samples each (the last chunks may run past the batch's end).
 *
 * @example
 * ```ts
 * batchChunks(64, 150); // { chunks: 55, perChunk: 2 }
 * ```
 */
export function batchChunks(batch: number, outputs: number): { chunks: number; perChunk: number } {
  const chunks = Math.max(1, Math.min(batch, Math.ceil(TARGET_THREADS / outputs)));
  return { chunks, perChunk: Math.ceil(batch / chunks) };
}

/**
 * Adds up the chunks of `partial` `[chunks, ...shape]` into `shape`, disposing `partial`; one
 * chunk is only reshaped.
 *
 * @example
 * ```ts
 * const dw = sumChunks(backend, partial, filterShape);
 * ```
 */
export function sumChunks(backend: GpuBackend, partial: TensorInfo, shape: readonly number[]): TensorInfo {
  if (partial.shape[0] === 1) return { ...partial, shape: [...shape] };
  const sums = reduce({
    inputs: { x: partial },
    attrs: { op: 'sum', axes: [0] },
    output: { shape, dtype: partial.dtype },
    backend,
  });
  backend.disposeData(partial.dataId);
  return sums;
}
