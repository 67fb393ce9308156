import type { Conv2dInfo } from '@strata/core';
import { planDirectConv } from '../wasm/direct-conv-plan.js';
import { PARALLEL_MACS, type WasmHeap } from '../wasm/wasm-heap.js';

// The least padded floats a thread's share of the padding is worth waking it for, as for pooling.
const PAD_PART_FLOATS = 1 << 14;

/**
 * The float32 filter gradient of the convolution `info` by the direct kernel (no im2col matrix):
 * per batch chunk (`x` and `dy` read in place where they lie in the heap, else copied there), the
 * kernel threads pad the chunk's items of `x` once, splitting the items, and then split the output
 * channels, each summing its channels' taps over every item and output position, into `out`
 * (`dW`, `[O, C / groups, KH, KW]`).
 *
 * @example
 * ```ts
 * const out = backend.allocateOutput('float32', sizeFromShape(attrs.filterShape));
 * directFilterGrad(heap, info, x, dy, out, CONV_CHUNK_FLOATS);
 * return backend.makeOutput(out, attrs.filterShape, 'float32');
 * ```
 */
export function directFilterGrad(
  heap: WasmHeap,
  info: Conv2dInfo,
  x: Float32Array,
  dy: Float32Array,
  out: Float32Array,
  chunkFloats: number,
): void {
  // The scratch is allocated right after the dy chunk, so the kernel may read 3 floats past it.
  const plan = planDirectConv(heap, info, chunkFloats, true);
  const { items, inItem, outItem, inChunk, outChunk, patch, padded, paddedItem } = plan;
  const channels = info.outChannels;
  const size = channels * patch;
  // Four lanes per filter element, then as many for a block of items that a chunk ends; only
  // the first are read before they are written.
  const acc = heap.alloc(8 * size);
  heap.f32(acc, 4 * size).fill(0);
  const dw = heap.outputPointer(out);
  const xInPlace = heap.isView(x);
  // The kernel reads (and masks) up to 3 floats past dy's end: in place only where those lie in the heap too.
  const dyInPlace = heap.isView(dy) && dy.byteOffset + dy.byteLength + 12 <= dy.buffer.byteLength;
  const plane = info.outHeight * info.outWidth;
  const unitFloats = paddedItem / info.groups;
  for (let n0 = 0; n0 < info.batch; n0 += items) {
    const nb = Math.min(items, info.batch - n0);
    const input = xInPlace ? x.byteOffset + 4 * n0 * inItem : inChunk;
    const grad = dyInPlace ? dy.byteOffset + 4 * n0 * outItem : outChunk;
    if (!xInPlace) heap.f32(inChunk, nb * inItem).set(x.subarray(n0 * inItem, (n0 + nb) * inItem));
    if (!dyInPlace) heap.f32(outChunk, nb * outItem).set(dy.subarray(n0 * outItem, (n0 + nb) * outItem));
    heap.parallel('conv2d_direct_pad', nb * info.groups, Math.ceil(PAD_PART_FLOATS / unitFloats), (begin, end) => [
      input,
      plan.geometry,
      padded,
      begin,
      end,
    ]);
    const finish = n0 + nb >= info.batch ? 1 : 0;
    // The threads' scratch holds the tap offsets.
    heap.parallel(
      'conv2d_direct_filter_grad',
      channels,
      Math.ceil(PARALLEL_MACS / (nb * plane * patch)),
      (begin, end, scratch) => [
        padded,
        grad,
        plan.geometry,
        info.groups,
        info.outChannelsPerGroup,
        n0,
        nb,
        acc,
        dw,
        scratch,
        finish,
        begin,
        end,
      ],
    );
  }
  if (info.batch === 0) heap.f32(dw, size).fill(0);
  heap.copyBack(out, dw);
}
