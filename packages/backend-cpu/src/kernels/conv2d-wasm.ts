import { computeConv2dInfo, type KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { CONV_CHUNK_FLOATS, planConv } from '../wasm/conv-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { conv2d } from './conv2d.js';
import { applyEpilogueInHeap } from './epilogue.js';

/**
 * `Conv2d` on the WebAssembly kernels for float32 (float64 takes the TypeScript kernel): per
 * batch chunk and group, im2col of every item side by side, one SIMD GEMM
 * `W[O/g, patch] x cols[patch, items * OH * OW]`, then the rows copied back to NCHW and the
 * epilogue applied to the chunk while it is in the heap.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'Conv2d', conv2dWasm(heap));
 * ```
 */
export function conv2dWasm(heap: WasmHeap, chunkFloats = CONV_CHUNK_FLOATS): KernelFunc<'Conv2d', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.x.dtype !== 'float32') return conv2d(args);
    const info = computeConv2dInfo(inputs.x.shape, inputs.filter.shape, attrs);
    const x = backend.values(inputs.x.dataId) as Float32Array;
    const out = backend.allocate('float32', info.batch * info.outChannels * info.outHeight * info.outWidth);
    const plan = planConv(heap, info, chunkFloats);
    const { items, plane, inPlane, cg, og, patch, inItem, outItem, inChunk: xChunk, outChunk, cols, rows } = plan;
    const filter = heap.copyIn(backend.values(inputs.filter.dataId) as Float32Array);
    const k = heap.kernels;
    const bias = inputs.bias && (backend.values(inputs.bias.dataId) as Float32Array);
    for (let n0 = 0; n0 < info.batch; n0 += items) {
      const nb = Math.min(items, info.batch - n0);
      const width = nb * plane;
      heap.f32(xChunk, nb * inItem).set(x.subarray(n0 * inItem, (n0 + nb) * inItem));
      for (let g = 0; g < info.groups; g++) {
        for (let b = 0; b < nb; b++)
          k.im2col(xChunk + 4 * (b * inItem + g * cg * inPlane), plan.geometry, cols + 4 * b * plane, width);
        heap.sgemm(og, width, patch, filter + 4 * g * og * patch, patch, 1, cols, width, 1, rows, width, 0);
        k.rows_to_planes(rows, nb, og, plane, outItem, outChunk + 4 * g * og * plane);
      }
      if (attrs.epilogue !== undefined) {
        applyEpilogueInHeap(heap, attrs.epilogue, outChunk, bias, {
          outer: nb,
          channels: info.outChannels,
          inner: plane,
        });
      }
      out.set(heap.f32(outChunk, nb * outItem), n0 * outItem);
    }
    return backend.makeOutput(out, info.outShape, 'float32');
  };
}
