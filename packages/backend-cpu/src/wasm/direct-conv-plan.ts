import type { Conv2dInfo } from '@strata/core';
import { type ChunkPlan, writeConvGeometry } from './conv-plan.js';
import type { WasmHeap } from './wasm-heap.js';

/**
 * The largest filter patch per group (`channels per group * KH * KW`) that runs as a direct
 * convolution rather than im2col + GEMM: beyond it GEMM's register blocking wins (64 channels of
 * 3x3 took 1.5x as long direct as im2col + GEMM; LeNet's 6 channels of 5x5 took half as long).
 *
 * @example
 * ```ts
 * info.inChannelsPerGroup * info.kernelHeight * info.kernelWidth <= DIRECT_CONV_MAX_PATCH;
 * ```
 */
export const DIRECT_CONV_MAX_PATCH = 400;

/**
 * Whether a float32 convolution of `info` runs the direct kernel: a patch per group of at most
 * {@link DIRECT_CONV_MAX_PATCH}, output rows at least one SIMD vector (4 floats) wide since the
 * kernel vectorises along them, and, for rows under 12 wide (whose tiles are short), at most 16
 * output channels per group (beyond that a GEMM has rows enough to be faster). Measured on an AMD
 * EPYC (Zen 5) at one thread against im2col + GEMM; see ADR 0005.
 *
 * @example
 * ```ts
 * prefersDirectConv(computeConv2dInfo([256, 6, 14, 14], [16, 6, 5, 5], attrs)); // true
 * ```
 */
export function prefersDirectConv(info: Conv2dInfo): boolean {
  const patch = info.inChannelsPerGroup * info.kernelHeight * info.kernelWidth;
  return (
    patch <= DIRECT_CONV_MAX_PATCH && info.outWidth >= 4 && (info.outWidth >= 12 || info.outChannelsPerGroup <= 16)
  );
}

/**
 * How the direct convolution walks a batch: the {@link ChunkPlan}, the kernel's scratch in the
 * heap and, for the filter gradient, the chunk's padded input planes.
 *
 * @example
 * ```ts
 * const plan = planDirectConv(heap, info, CONV_CHUNK_FLOATS);
 * heap.kernels.conv2d_direct(plan.inChunk, filter, plan.geometry, groups, og, plan.outChunk, plan.scratch, 0, units);
 * ```
 */
export interface DirectConvPlan extends ChunkPlan {
  /** Byte offset of the kernel's scratch (its zero-padded copy of one unit's planes). */
  scratch: number;
  /** Floats of that scratch. */
  scratchFloats: number;
  /** Multiply-adds per output of a unit: a group's `channels * kernelHeight * kernelWidth`. */
  patch: number;
  /** Floats of one item's padded input planes (every group's), as `conv2d_direct_pad` writes them. */
  paddedItem: number;
  /** Byte offset of `items * paddedItem` floats for a chunk's padded planes; 0 (none) unless asked for. */
  padded: number;
}

/**
 * The {@link DirectConvPlan} of `info` with at most `chunkFloats` input and output floats per
 * chunk (at least one item), and with `padChunk` the chunk's padded input planes too (counted in
 * `chunkFloats`): resets `heap` and allocates the plan there.
 *
 * @example
 * ```ts
 * const plan = planDirectConv(heap, computeConv2dInfo(x.shape, filter.shape, attrs), CONV_CHUNK_FLOATS);
 * ```
 */
export function planDirectConv(
  heap: WasmHeap,
  info: Conv2dInfo,
  chunkFloats: number,
  padChunk = false,
): DirectConvPlan {
  heap.reset();
  const inItem = info.inChannels * info.inHeight * info.inWidth;
  const outItem = info.outChannels * info.outHeight * info.outWidth;
  const geometry = writeConvGeometry(heap, info);
  const paddedItem = info.groups * heap.kernels.conv2d_direct_padded_floats(geometry);
  const itemFloats = inItem + outItem + (padChunk ? paddedItem : 0);
  const items = Math.max(1, Math.min(info.batch, Math.floor(chunkFloats / itemFloats)));
  const scratchFloats = heap.kernels.conv2d_direct_scratch_floats(geometry);
  return {
    items,
    geometry,
    inItem,
    outItem,
    inChunk: heap.alloc(items * inItem),
    outChunk: heap.alloc(items * outItem),
    scratch: heap.alloc(scratchFloats),
    scratchFloats,
    patch: info.inChannelsPerGroup * info.kernelHeight * info.kernelWidth,
    paddedItem,
    padded: padChunk ? heap.alloc(items * paddedItem) : 0,
  };
}
