import type { Conv2dInfo } from '@strata/core';
import { type ConvLayout, convLayout } from '../routines/conv-layout.js';
import type { WasmHeap } from './wasm-heap.js';

/**
 * Floats of im2col matrix per batch chunk (16 MiB): big enough that a chunk of small planes is
 * one wide GEMM, small enough that a 224x224 batch never needs gigabytes.
 *
 * @example
 * ```ts
 * const kernel = conv2dWasm(heap, CONV_CHUNK_FLOATS);
 * ```
 */
export const CONV_CHUNK_FLOATS = 1 << 22;

/**
 * What every WebAssembly convolution pass allocates to walk a batch in chunks: `items` batch
 * items per chunk, the group geometry written once into the heap for the C side, and one chunk
 * of inputs and of outputs in the heap.
 *
 * @example
 * ```ts
 * for (let n0 = 0; n0 < info.batch; n0 += plan.items) { ... }
 * ```
 */
export interface ChunkPlan {
  /** Batch items per chunk. */
  items: number;
  /** Byte offset of the C `conv_geometry` of one group. */
  geometry: number;
  /** Input floats per batch item (`C * H * W`). */
  inItem: number;
  /** Output floats per batch item (`O * OH * OW`). */
  outItem: number;
  /** Byte offset of one chunk of inputs (or input gradients), `items * inItem` floats. */
  inChunk: number;
  /** Byte offset of one chunk of outputs (or output gradients), `items * outItem` floats. */
  outChunk: number;
}

/**
 * How the im2col convolution passes walk a batch: the {@link ChunkPlan}, with the chunk's items
 * side by side in one `[patch, items * plane]` im2col matrix so small planes still make wide
 * GEMMs, and that matrix and the GEMM's rows in the heap.
 *
 * @example
 * ```ts
 * const plan = planConv(heap, info);
 * for (let n0 = 0; n0 < info.batch; n0 += plan.items) { ... }
 * ```
 */
export interface ConvPlan extends ConvLayout, ChunkPlan {
  /** Byte offset of the chunk's im2col matrix, `patch x items * plane`. */
  cols: number;
  /** Byte offset of one group's outputs as rows, `og x items * plane`. */
  rows: number;
}

/**
 * The {@link ConvPlan} of `info` with at most `chunkFloats` im2col floats per chunk (at least one
 * item): resets `heap` (the pass owns it until the next kernel) and allocates the plan's geometry
 * and buffers there.
 *
 * @example
 * ```ts
 * const plan = planConv(heap, computeConv2dInfo(x.shape, filter.shape, attrs), CONV_CHUNK_FLOATS);
 * ```
 */
export function planConv(heap: WasmHeap, info: Conv2dInfo, chunkFloats: number): ConvPlan {
  heap.reset();
  const layout = convLayout(info);
  const items = convChunkItems(info, chunkFloats);
  const inItem = info.inChannels * layout.inPlane;
  const outItem = info.outChannels * layout.plane;
  return {
    ...layout,
    items,
    geometry: writeConvGeometry(heap, info),
    inItem,
    outItem,
    inChunk: heap.alloc(items * inItem),
    outChunk: heap.alloc(items * outItem),
    cols: heap.alloc(layout.patch * items * layout.plane),
    rows: heap.alloc(layout.og * items * layout.plane),
  };
}

/**
 * Batch items per chunk of the im2col passes of `info`: as many as fit `chunkFloats` im2col
 * floats, at least one. The implicit filter gradient sums in the same chunks, to the same bits.
 *
 * @example
 * ```ts
 * const items = convChunkItems(info, CONV_CHUNK_FLOATS);
 * ```
 */
export function convChunkItems(info: Conv2dInfo, chunkFloats: number): number {
  const { patch, plane } = convLayout(info);
  return Math.max(1, Math.min(info.batch, Math.floor(chunkFloats / (patch * plane))));
}

/**
 * Allocates the C `conv_geometry` of one group of `info` in `heap` and returns its byte offset.
 *
 * @example
 * ```ts
 * heap.kernels.im2col(x, writeConvGeometry(heap, info), cols, ld);
 * ```
 */
export function writeConvGeometry(heap: WasmHeap, info: Conv2dInfo): number {
  return heap.ints([
    info.inChannelsPerGroup,
    info.inHeight,
    info.inWidth,
    info.kernelHeight,
    info.kernelWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padTop,
    info.padLeft,
    info.outHeight,
    info.outWidth,
  ]);
}
