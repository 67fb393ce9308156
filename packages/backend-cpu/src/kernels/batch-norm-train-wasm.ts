import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { type ChannelLayout, channelLayout } from '../routines/channel-layout.js';
import { PARALLEL_MACS, type WasmHeap } from '../wasm/wasm-heap.js';
import { batchNormTrain } from './batch-norm-train.js';
import { applyEpilogueInHeap } from './epilogue.js';

/**
 * Channels per part when a batch-norm kernel is split across threads: enough for the three
 * passes over each channel's values to be worth waking a thread for, and even for `[N, C]`
 * inputs, whose kernels take channels in pairs.
 *
 * @example
 * ```ts
 * batchNormGrain(channelLayout([128, 16, 16, 16])); // 3
 * ```
 */
export function batchNormGrain({ spatial, count }: ChannelLayout): number {
  const grain = Math.ceil(PARALLEL_MACS / (3 * count));
  return spatial === 1 ? grain + (grain % 2) : grain;
}

/**
 * The byte offset of `eps` as a float64 in `heap`'s scratch (a kernel argument slot holds only
 * an integer).
 *
 * @example
 * ```ts
 * const epsPtr = epsInHeap(heap, 1e-5);
 * ```
 */
export function epsInHeap(heap: WasmHeap, eps: number): number {
  const ptr = heap.alloc(2);
  heap.f64(ptr, 1)[0] = eps;
  return ptr;
}

/**
 * `BatchNormTrain` on the WebAssembly SIMD kernel for float32 (float64 takes the TypeScript
 * kernel), the channels split across the kernel threads; the epilogue runs over the result in
 * place in the heap. Statistics and outputs are computed in double, as the TypeScript kernel
 * computes them, in a summation order that depends on the shape alone.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'BatchNormTrain', batchNormTrainWasm(heap));
 * ```
 */
export function batchNormTrainWasm(heap: WasmHeap): KernelFunc<'BatchNormTrain', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { x, weight, bias } = inputs;
    const layout = channelLayout(x.shape);
    const { batch, channels, spatial } = layout;
    const size = batch * channels * spatial;
    if (size === 0 || [x, weight, bias].some((t) => t.dtype !== 'float32')) return batchNormTrain(args);
    heap.reset();
    const xPtr = heap.copyIn(backend.values(x.dataId) as Float32Array);
    const weightPtr = heap.copyIn(backend.values(weight.dataId) as Float32Array);
    const biasPtr = heap.copyIn(backend.values(bias.dataId) as Float32Array);
    const eps = epsInHeap(heap, attrs.eps);
    const yOut = backend.allocateOutput('float32', size);
    const meanOut = backend.allocateOutput('float32', channels);
    const varOut = backend.allocateOutput('float32', channels);
    const y = heap.outputPointer(yOut);
    const mean = heap.outputPointer(meanOut);
    const variance = heap.outputPointer(varOut);
    heap.parallel('batch_norm_train', channels, batchNormGrain(layout), (begin, end) => [
      xPtr,
      weightPtr,
      biasPtr,
      eps,
      batch,
      channels,
      spatial,
      y,
      mean,
      variance,
      begin,
      end,
    ]);
    if (attrs.epilogue !== undefined) {
      applyEpilogueInHeap(heap, attrs.epilogue, y, undefined, { outer: batch, channels, inner: spatial });
    }
    heap.copyBack(yOut, y);
    heap.copyBack(meanOut, mean);
    heap.copyBack(varOut, variance);
    return [
      backend.makeOutput(yOut, x.shape, 'float32'),
      backend.makeOutput(meanOut, [channels], 'float32'),
      backend.makeOutput(varOut, [channels], 'float32'),
    ];
  };
}
