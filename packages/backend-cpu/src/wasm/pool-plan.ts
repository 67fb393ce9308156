import { type AvgPool2dAttrs, avgPoolDivisor, type Pool2dInfo } from '@strata/core';
import type { WasmHeap } from './wasm-heap.js';

// The least floats (inputs and outputs) a thread's share of a pooling is worth waking it for.
const POOL_PART_FLOATS = 1 << 14;

/**
 * What the WebAssembly pooling kernels share: the C `pool_geometry` written into the heap, the
 * planes (one per item and channel) that are their work range, and the least planes per thread.
 *
 * @example
 * ```ts
 * const plan = planPool(heap, info);
 * heap.parallel('max_pool2d', plan.planes, plan.grain, (begin, end) => [x, plan.geometry, y, indices, begin, end]);
 * ```
 */
export interface PoolPlan {
  /** Byte offset of the C `pool_geometry`. */
  geometry: number;
  /** Planes to pool, `batch * channels`. */
  planes: number;
  /** Floats per input plane. */
  inPlane: number;
  /** Floats per output plane. */
  outPlane: number;
  /** The least planes per thread. */
  grain: number;
}

/**
 * Writes the geometry of `info` into the heap (after `heap.reset()`) and sizes the work.
 *
 * @example
 * ```ts
 * heap.reset();
 * const plan = planPool(heap, computePool2dInfo(x.shape, attrs));
 * ```
 */
export function planPool(heap: WasmHeap, info: Pool2dInfo): PoolPlan {
  const geometry = heap.ints([
    info.inHeight,
    info.inWidth,
    info.outHeight,
    info.outWidth,
    info.kernelHeight,
    info.kernelWidth,
    info.strideHeight,
    info.strideWidth,
    info.padHeight,
    info.padWidth,
    info.dilationHeight,
    info.dilationWidth,
  ]);
  const inPlane = info.inHeight * info.inWidth;
  const outPlane = info.outHeight * info.outWidth;
  return { geometry, planes: info.batch * info.channels, inPlane, outPlane, grain: poolGrain(inPlane, outPlane) };
}

/**
 * The least planes per thread: planes of `inPlane + outPlane` floats adding up to
 * 2^14.
 *
 * @example
 * ```ts
 * poolGrain(28 * 28, 14 * 14); // 17
 * ```
 */
export function poolGrain(inPlane: number, outPlane: number): number {
  return Math.max(1, Math.ceil(POOL_PART_FLOATS / Math.max(1, inPlane + outPlane)));
}

/**
 * Writes every output position's average-pooling divisor (core's `avgPoolDivisor`) into the heap
 * as float64, row-major over the output plane, and returns their byte offset.
 *
 * @example
 * ```ts
 * const divisors = avgPoolDivisorsInHeap(heap, info, attrs);
 * ```
 */
export function avgPoolDivisorsInHeap(heap: WasmHeap, info: Pool2dInfo, attrs: AvgPool2dAttrs): number {
  const count = info.outHeight * info.outWidth;
  const ptr = heap.alloc(2 * count);
  const divisors = heap.f64(ptr, count);
  for (let oh = 0, o = 0; oh < info.outHeight; oh++) {
    for (let ow = 0; ow < info.outWidth; ow++, o++) divisors[o] = avgPoolDivisor(info, attrs, oh, ow);
  }
  return ptr;
}
