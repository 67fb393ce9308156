import { type Conv2dInfo, computeConv2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { CONV_CHUNK_FLOATS, planConv } from '../wasm/conv-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { type Conv2dAlgorithm, convolveWasm } from './conv2d-wasm.js';

/**
 * For stride 1 the input gradient is itself a convolution: of `dy` padded by the dilated filter's
 * extent less the forward padding, with the filter flipped in both axes and its input and output
 * channels swapped within each group. Its `Conv2dInfo`, or `undefined` for larger strides or
 * padding wider than the filter (whose gradient is no such convolution).
 */
function transposedInfo(info: Conv2dInfo): Conv2dInfo | undefined {
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return undefined;
  const extentH = info.dilationHeight * (info.kernelHeight - 1);
  const extentW = info.dilationWidth * (info.kernelWidth - 1);
  const pad: [number, number, number, number] = [
    extentH - info.padTop,
    extentH - info.padBottom,
    extentW - info.padLeft,
    extentW - info.padRight,
  ];
  if (pad.some((p) => p < 0)) return undefined;
  return computeConv2dInfo(
    [info.batch, info.outChannels, info.outHeight, info.outWidth],
    [info.inChannels, info.outChannelsPerGroup, info.kernelHeight, info.kernelWidth],
    { strides: [1, 1], pad, dilations: [info.dilationHeight, info.dilationWidth], groups: info.groups },
  );
}

/** The filter of {@link transposedInfo}: `[groups * cg, og, KH, KW]`, flipped in KH and KW. */
function transposedFilter(w: Float32Array, info: Conv2dInfo, out: Float32Array): Float32Array {
  const { inChannelsPerGroup: cg, outChannelsPerGroup: og, kernelHeight: kh, kernelWidth: kw } = info;
  const taps = kh * kw;
  for (let g = 0; g < info.groups; g++)
    for (let o = 0; o < og; o++)
      for (let c = 0; c < cg; c++) {
        const from = ((g * og + o) * cg + c) * taps;
        const to = ((g * cg + c) * og + o) * taps;
        for (let t = 0; t < taps; t++) out[to + taps - 1 - t] = w[from + t];
      }
  return out;
}

/**
 * `Conv2dBackpropInput` on the WebAssembly kernels for float32 (float64 takes the TypeScript
 * kernel). At stride 1, the convolution of `dy` with the flipped filter: the direct kernel for
 * few output channels per group (see `prefersDirectConv`), otherwise the implicit GEMM, which
 * splits across threads where col2im does not (1.06-1.10x GEMM + col2im's speed at ResNet-18's
 * 8x8 planes on one thread and 1.47x on two; 0.9x at 4x4 on one thread, 1.2x on two). At larger
 * strides, per batch chunk and group, `dcols = W^T x dy` as one SIMD GEMM over every item's output
 * positions, then col2im of each item into `dx`. `algorithm` forces one where it applies;
 * `'im2col'` is GEMM + col2im at any stride.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'Conv2dBackpropInput', conv2dBackpropInputWasm(heap));
 * ```
 */
export function conv2dBackpropInputWasm(
  heap: WasmHeap,
  chunkFloats = CONV_CHUNK_FLOATS,
  algorithm: Conv2dAlgorithm = 'auto',
): KernelFunc<'Conv2dBackpropInput', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.dy.dtype !== 'float32') return conv2dBackpropInput(args);
    const info = computeConv2dInfo(attrs.inputShape, inputs.filter.shape, attrs);
    const dy = backend.values(inputs.dy.dataId) as Float32Array;
    const dx = backend.allocate('float32', sizeFromShape(attrs.inputShape));
    const weights = backend.values(inputs.filter.dataId) as Float32Array;
    const transposed = algorithm === 'im2col' ? undefined : transposedInfo(info);
    if (transposed !== undefined) {
      const flipped = transposedFilter(weights, info, backend.allocate('float32', weights.length));
      convolveWasm(heap, transposed, dy, flipped, dx, chunkFloats, algorithm);
      backend.recycle(flipped);
      return backend.makeOutput(dx, attrs.inputShape, 'float32');
    }
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
    const filter = heap.copyIn(weights);
    const k = heap.kernels;
    const inPlace = heap.isView(dy);
    const outPlace = heap.isView(dx);
    for (let n0 = 0; n0 < info.batch; n0 += items) {
      const nb = Math.min(items, info.batch - n0);
      const width = nb * plane;
      const dyAt = inPlace ? dy.byteOffset + 4 * n0 * outItem : dyChunk;
      // col2im adds into dx: `allocate` zero-filled it, the chunk is cleared here.
      const dxAt = outPlace ? dx.byteOffset + 4 * n0 * inItem : dxChunk;
      if (!inPlace) heap.f32(dyChunk, nb * outItem).set(dy.subarray(n0 * outItem, (n0 + nb) * outItem));
      if (!outPlace) heap.f32(dxChunk, nb * inItem).fill(0);
      for (let g = 0; g < info.groups; g++) {
        k.planes_to_rows(dyAt + 4 * g * og * plane, nb, og, plane, outItem, rows);
        // A = W^T: element (i, o) of the [patch, og] matrix is W[o * patch + i].
        heap.sgemm(patch, width, og, filter + 4 * g * og * patch, 1, patch, rows, width, 1, cols, width, 0);
        for (let b = 0; b < nb; b++)
          k.col2im(cols + 4 * b * plane, width, plan.geometry, dxAt + 4 * (b * inItem + g * cg * inPlane));
      }
      if (!outPlace) dx.set(heap.f32(dxChunk, nb * inItem), n0 * inItem);
    }
    return backend.makeOutput(dx, attrs.inputShape, 'float32');
  };
}
