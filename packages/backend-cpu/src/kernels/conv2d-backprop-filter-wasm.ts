import { type Conv2dInfo, computeConv2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { CONV_CHUNK_FLOATS, convChunkItems, planConv, writeConvGeometry } from '../wasm/conv-plan.js';
import { prefersDirectConv } from '../wasm/direct-conv-plan.js';
import { PARALLEL_MACS, type WasmHeap } from '../wasm/wasm-heap.js';
import { convLayout } from '../routines/conv-layout.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { directFilterGrad } from './conv2d-backprop-filter-direct.js';
import type { Conv2dAlgorithm } from './conv2d-wasm.js';

/**
 * Output planes up to this many positions take the implicit-GEMM filter gradient under `'auto'`:
 * there im2col's many short rows cost more than packing straight from the image, while on larger
 * planes im2col's contiguous row copies beat the implicit packer's per-element gather (measured on
 * an AMD EPYC at ResNet shapes; see ADR 0005).
 *
 * @example
 * ```ts
 * const implicit = info.outHeight * info.outWidth <= IMPLICIT_FILTER_GRAD_MAX_PLANE;
 * ```
 */
export const IMPLICIT_FILTER_GRAD_MAX_PLANE = 16;

function prefersImplicitFilterGrad(info: Conv2dInfo): boolean {
  return info.outHeight * info.outWidth <= IMPLICIT_FILTER_GRAD_MAX_PLANE;
}

/**
 * `Conv2dBackpropFilter` on the WebAssembly kernels for float32 (float64 takes the TypeScript
 * kernel): where `prefersDirectConv` takes the direct convolution, its direct filter gradient,
 * split across threads by output channel; for output planes of at most
 * {@link IMPLICIT_FILTER_GRAD_MAX_PLANE} positions, per group, `dW = dy x cols^T` as an implicit
 * GEMM (`cols` never written, its panels packed from `x`) split across threads by filter tap;
 * otherwise, per batch chunk and group, im2col and one SIMD GEMM accumulating into `dW`. Both GEMMs
 * run their inner dimension over every item's output positions in the same batch chunks, to the
 * same bits. `algorithm` forces any.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'Conv2dBackpropFilter', conv2dBackpropFilterWasm(heap));
 * ```
 */
export function conv2dBackpropFilterWasm(
  heap: WasmHeap,
  chunkFloats = CONV_CHUNK_FLOATS,
  algorithm: Conv2dAlgorithm = 'auto',
): KernelFunc<'Conv2dBackpropFilter', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.x.dtype !== 'float32') return conv2dBackpropFilter(args);
    const info = computeConv2dInfo(inputs.x.shape, attrs.filterShape, attrs);
    const x = backend.values(inputs.x.dataId) as Float32Array;
    const dy = backend.values(inputs.dy.dataId) as Float32Array;
    const size = sizeFromShape(attrs.filterShape);
    if (algorithm === 'direct' || (algorithm === 'auto' && prefersDirectConv(info))) {
      const out = backend.allocateOutput('float32', size);
      directFilterGrad(heap, info, x, dy, out, chunkFloats);
      return backend.makeOutput(out, attrs.filterShape, 'float32');
    }
    if (algorithm === 'implicit-gemm' || (algorithm === 'auto' && prefersImplicitFilterGrad(info))) {
      heap.reset();
      const { groups, outChannelsPerGroup: og } = info;
      const geometry = writeConvGeometry(heap, info);
      const xAt = heap.copyIn(x);
      const dyAt = heap.copyIn(dy);
      const out = backend.allocateOutput('float32', size);
      const dw = heap.outputPointer(out);
      const { patch } = convLayout(info);
      const chunkItems = convChunkItems(info, chunkFloats);
      const macsPerTap = info.outChannels * info.batch * info.outHeight * info.outWidth;
      // Whole register tiles per part (8 taps), and enough of them to be worth a thread.
      const grain = 8 * Math.max(1, Math.ceil(PARALLEL_MACS / (8 * macsPerTap)));
      heap.parallel('conv2d_gemm_filter_grad', patch, grain, (begin, end, scratch) => [
        xAt,
        dyAt,
        geometry,
        groups,
        og,
        info.batch,
        chunkItems,
        dw,
        scratch,
        begin,
        end,
      ]);
      heap.copyBack(out, dw);
      return backend.makeOutput(out, attrs.filterShape, 'float32');
    }
    // Inputs stored in the heap are read where they are (byte offsets, which outlive a memory
    // grow in the allocations below), others through the chunk copies.
    const xStored = heap.isView(x) ? x.byteOffset : undefined;
    const dyStored = heap.isView(dy) ? dy.byteOffset : undefined;
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
      inChunk: xChunk,
      outChunk: dyChunk,
      cols,
      rows,
    } = plan;
    const out = backend.allocateOutput('float32', size);
    const dw = heap.outputPointer(out);
    heap.f32(dw, size).fill(0);
    const k = heap.kernels;
    for (let n0 = 0; n0 < info.batch; n0 += items) {
      const nb = Math.min(items, info.batch - n0);
      const width = nb * plane;
      const xAt = xStored === undefined ? xChunk : xStored + 4 * n0 * inItem;
      const dyAt = dyStored === undefined ? dyChunk : dyStored + 4 * n0 * outItem;
      if (xStored === undefined) heap.f32(xChunk, nb * inItem).set(x.subarray(n0 * inItem, (n0 + nb) * inItem));
      if (dyStored === undefined) heap.f32(dyChunk, nb * outItem).set(dy.subarray(n0 * outItem, (n0 + nb) * outItem));
      for (let g = 0; g < info.groups; g++) {
        for (let b = 0; b < nb; b++)
          k.im2col(xAt + 4 * (b * inItem + g * cg * inPlane), plan.geometry, cols + 4 * b * plane, width);
        k.planes_to_rows(dyAt + 4 * g * og * plane, nb, og, plane, outItem, rows);
        // B = cols^T: element (p, i) of the [width, patch] matrix is cols[i * width + p].
        heap.sgemm(og, patch, width, rows, width, 1, cols, 1, width, dw + 4 * g * og * patch, patch, 1);
      }
    }
    heap.copyBack(out, dw);
    return backend.makeOutput(out, attrs.filterShape, 'float32');
  };
}
