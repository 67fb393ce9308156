import { type Conv2dInfo, computeConv2dInfo, type Epilogue, type KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { CONV_CHUNK_FLOATS, type ChunkPlan, planConv, writeConvGeometry } from '../wasm/conv-plan.js';
import { planDirectConv, prefersDirectConv } from '../wasm/direct-conv-plan.js';
import { PARALLEL_MACS, type WasmHeap } from '../wasm/wasm-heap.js';
import { conv2d } from './conv2d.js';
import { applyEpilogueInHeap } from './epilogue.js';

/**
 * How the WebAssembly `Conv2d` computes a float32 convolution: `'direct'` (the direct kernel, no
 * im2col matrix), `'implicit-gemm'` (the SIMD GEMM with its panels packed straight from the
 * image, no im2col matrix either, bit for bit `'im2col'`), `'im2col'` (im2col + SIMD GEMM per
 * batch chunk), or `'auto'`, which picks direct where `prefersDirectConv` says so (few channels
 * per group, small filters) and the implicit GEMM elsewhere. The filter gradient takes the same
 * choices (its `'auto'` keeps im2col for large planes; see `conv2dBackpropFilterWasm`); the input
 * gradient all but `'implicit-gemm'`.
 *
 * @example
 * ```ts
 * const kernel = conv2dWasm(heap, CONV_CHUNK_FLOATS, 'implicit-gemm' satisfies Conv2dAlgorithm);
 * ```
 */
export type Conv2dAlgorithm = 'auto' | 'direct' | 'implicit-gemm' | 'im2col';

/** One batch chunk's pass: reads `nb` items at byte offset `input`, writes them at `output`. */
interface ChunkPass extends ChunkPlan {
  run(nb: number, input: number, output: number): void;
}

function directPass(heap: WasmHeap, info: Conv2dInfo, chunkFloats: number, weights: Float32Array): ChunkPass {
  const plan = planDirectConv(heap, info, chunkFloats);
  const filter = heap.copyIn(weights);
  const { groups, outChannelsPerGroup } = info;
  return {
    ...plan,
    run: (nb, input, output) => {
      const units = nb * groups;
      // Threads lend their GEMM scratch where a unit's padded planes fit in it; else one thread.
      const lend = plan.scratchFloats <= heap.kernels.sgemm_scratch_floats();
      const macsPerUnit = outChannelsPerGroup * info.outHeight * info.outWidth * plan.patch;
      const grain = lend ? Math.ceil(PARALLEL_MACS / macsPerUnit) : units;
      heap.parallel('conv2d_direct', units, grain, (begin, end, scratch) => [
        input,
        filter,
        plan.geometry,
        groups,
        outChannelsPerGroup,
        output,
        lend ? scratch : plan.scratch,
        begin,
        end,
      ]);
    },
  };
}

// Per group, im2col of every item side by side, one SIMD GEMM `W[O/g, patch] x cols[patch,
// items * OH * OW]`, then the rows copied back to NCHW.
function im2colPass(heap: WasmHeap, info: Conv2dInfo, chunkFloats: number, weights: Float32Array): ChunkPass {
  const plan = planConv(heap, info, chunkFloats);
  const filter = heap.copyIn(weights);
  const { plane, inPlane, cg, og, patch, inItem, outItem, cols, rows } = plan;
  const k = heap.kernels;
  return {
    ...plan,
    run: (nb, input, output) => {
      const width = nb * plane;
      for (let g = 0; g < info.groups; g++) {
        for (let b = 0; b < nb; b++)
          k.im2col(input + 4 * (b * inItem + g * cg * inPlane), plan.geometry, cols + 4 * b * plane, width);
        heap.sgemm(og, width, patch, filter + 4 * g * og * patch, patch, 1, cols, width, 1, rows, width, 0);
        k.rows_to_planes(rows, nb, og, plane, outItem, output + 4 * g * og * plane);
      }
    },
  };
}

// The whole batch in one pass over the NCHW tensors where they lie: per group, `W[O/g, patch] x
// cols[patch, batch * OH * OW]` with the columns split across threads and `cols` never written.
function implicitGemm(
  heap: WasmHeap,
  info: Conv2dInfo,
  x: Float32Array,
  weights: Float32Array,
  out: Float32Array,
  epilogue: Epilogue | undefined,
  bias: Float32Array | undefined,
): void {
  heap.reset();
  const k = heap.kernels;
  const { groups, outChannelsPerGroup: og } = info;
  const geometry = writeConvGeometry(heap, info);
  const input = heap.copyIn(x);
  const filter = heap.copyIn(weights);
  const packed = heap.alloc(k.conv2d_gemm_filter_floats(geometry, groups, og));
  k.conv2d_gemm_pack_filter(filter, geometry, groups, og, packed);
  const output = heap.outputPointer(out);
  const plane = info.outHeight * info.outWidth;
  const macsPerColumn = info.outChannels * info.inChannelsPerGroup * info.kernelHeight * info.kernelWidth;
  // Whole register tiles per part (8 columns), and enough of them to be worth a thread.
  const grain = 8 * Math.max(1, Math.ceil(PARALLEL_MACS / (8 * macsPerColumn)));
  heap.parallel('conv2d_gemm', info.batch * plane, grain, (begin, end, scratch) => [
    input,
    packed,
    geometry,
    groups,
    og,
    output,
    scratch,
    begin,
    end,
  ]);
  if (epilogue !== undefined) {
    applyEpilogueInHeap(heap, epilogue, output, bias, { outer: info.batch, channels: info.outChannels, inner: plane });
  }
  heap.copyBack(out, output);
}

/**
 * Convolves the float32 NCHW `x` with `weights` into `out` as `info` describes, on the
 * WebAssembly kernels, by `algorithm`; applies `epilogue` (reading `bias`) to the output while it
 * is in the heap. Arrays that live in the heap are read and written in place; others are copied
 * in whole (the implicit GEMM) or pass through the plan's batch chunks.
 *
 * @example
 * ```ts
 * convolveWasm(heap, info, x, weights, out, CONV_CHUNK_FLOATS, 'auto');
 * ```
 */
export function convolveWasm(
  heap: WasmHeap,
  info: Conv2dInfo,
  x: Float32Array,
  weights: Float32Array,
  out: Float32Array,
  chunkFloats: number,
  algorithm: Conv2dAlgorithm,
  epilogue?: Epilogue,
  bias?: Float32Array,
): void {
  const direct = algorithm === 'direct' || (algorithm === 'auto' && prefersDirectConv(info));
  if (algorithm === 'implicit-gemm' || (algorithm === 'auto' && !direct)) {
    implicitGemm(heap, info, x, weights, out, epilogue, bias);
    return;
  }
  const pass = (direct ? directPass : im2colPass)(heap, info, chunkFloats, weights);
  const { items, inItem, outItem, inChunk, outChunk } = pass;
  const inPlace = heap.isView(x);
  const outPlace = heap.isView(out);
  for (let n0 = 0; n0 < info.batch; n0 += items) {
    const nb = Math.min(items, info.batch - n0);
    const input = inPlace ? x.byteOffset + 4 * n0 * inItem : inChunk;
    const output = outPlace ? out.byteOffset + 4 * n0 * outItem : outChunk;
    if (!inPlace) heap.f32(inChunk, nb * inItem).set(x.subarray(n0 * inItem, (n0 + nb) * inItem));
    pass.run(nb, input, output);
    if (epilogue !== undefined) {
      applyEpilogueInHeap(heap, epilogue, output, bias, {
        outer: nb,
        channels: info.outChannels,
        inner: info.outHeight * info.outWidth,
      });
    }
    if (!outPlace) out.set(heap.f32(outChunk, nb * outItem), n0 * outItem);
  }
}

/**
 * `Conv2d` on the WebAssembly kernels for float32 (float64 takes the TypeScript kernel): the
 * direct kernel for few channels per group (see `prefersDirectConv`), otherwise the implicit GEMM
 * (see {@link Conv2dAlgorithm}); then the epilogue applied to the output while it is in the heap.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'Conv2d', conv2dWasm(heap));
 * ```
 */
export function conv2dWasm(
  heap: WasmHeap,
  chunkFloats = CONV_CHUNK_FLOATS,
  algorithm: Conv2dAlgorithm = 'auto',
): KernelFunc<'Conv2d', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.x.dtype !== 'float32') return conv2d(args);
    const info = computeConv2dInfo(inputs.x.shape, inputs.filter.shape, attrs);
    const out = backend.allocateOutput('float32', info.batch * info.outChannels * info.outHeight * info.outWidth);
    convolveWasm(
      heap,
      info,
      backend.values(inputs.x.dataId) as Float32Array,
      backend.values(inputs.filter.dataId) as Float32Array,
      out,
      chunkFloats,
      algorithm,
      attrs.epilogue,
      inputs.bias && (backend.values(inputs.bias.dataId) as Float32Array),
    );
    return backend.makeOutput(out, info.outShape, 'float32');
  };
}
