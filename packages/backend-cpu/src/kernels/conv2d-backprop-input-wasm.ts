import { computeConv2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { CONV_CHUNK_FLOATS, planConv } from '../wasm/conv-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';

/**
 * `Conv2dBackpropInput` on the WebAssembly kernels for float32 (float64 takes the TypeScript
 * kernel): per batch chunk and group, `dcols = W^T x dy` as one SIMD GEMM over every item's
 * output positions, then col2im of each item into `dx`.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'Conv2dBackpropInput', conv2dBackpropInputWasm(heap));
 * ```
 */
export function conv2dBackpropInputWasm(
  heap: WasmHeap,
  chunkFloats = CONV_CHUNK_FLOATS,
): KernelFunc<'Conv2dBackpropInput', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.dy.dtype !== 'float32') return conv2dBackpropInput(args);
    const info = computeConv2dInfo(attrs.inputShape, inputs.filter.shape, attrs);
    const dy = backend.values(inputs.dy.dataId) as Float32Array;
    const dx = backend.allocate('float32', sizeFromShape(attrs.inputShape));
    const plan = planConv(heap, info, chunkFloats);
    const {
      items,
      plane,
      inPlane,
      cg,
      og,
      patch,
      inItem,
      outItem,
      inChunk: dxChunk,
      outChunk: dyChunk,
      cols,
      rows,
    } = plan;
    const filter = heap.copyIn(backend.values(inputs.filter.dataId) as Float32Array);
    const k = heap.kernels;
    for (let n0 = 0; n0 < info.batch; n0 += items) {
      const nb = Math.min(items, info.batch - n0);
      const width = nb * plane;
      heap.f32(dyChunk, nb * outItem).set(dy.subarray(n0 * outItem, (n0 + nb) * outItem));
      heap.f32(dxChunk, nb * inItem).fill(0);
      for (let g = 0; g < info.groups; g++) {
        k.planes_to_rows(dyChunk + 4 * g * og * plane, nb, og, plane, outItem, rows);
        // A = W^T: element (i, o) of the [patch, og] matrix is W[o * patch + i].
        heap.sgemm(patch, width, og, filter + 4 * g * og * patch, 1, patch, rows, width, 1, cols, width, 0);
        for (let b = 0; b < nb; b++)
          k.col2im(cols + 4 * b * plane, width, plan.geometry, dxChunk + 4 * (b * inItem + g * cg * inPlane));
      }
      dx.set(heap.f32(dxChunk, nb * inItem), n0 * inItem);
    }
    return backend.makeOutput(dx, attrs.inputShape, 'float32');
  };
}
