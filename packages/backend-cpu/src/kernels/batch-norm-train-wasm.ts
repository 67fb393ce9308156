import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { planBatchNorm } from '../wasm/batch-norm-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { batchNormTrain } from './batch-norm-train.js';
import { applyEpilogueInHeap } from './epilogue.js';

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
    const size = sizeFromShape(x.shape);
    if (size === 0 || [x, weight, bias].some((t) => t.dtype !== 'float32')) return batchNormTrain(args);
    heap.reset();
    const { batch, channels, spatial, eps, grain } = planBatchNorm(heap, x.shape, attrs.eps);
    const xPtr = heap.copyIn(backend.values(x.dataId) as Float32Array);
    const weightPtr = heap.copyIn(backend.values(weight.dataId) as Float32Array);
    const biasPtr = heap.copyIn(backend.values(bias.dataId) as Float32Array);
    const yOut = backend.allocateOutput('float32', size);
    const meanOut = backend.allocateOutput('float32', channels);
    const varOut = backend.allocateOutput('float32', channels);
    const y = heap.outputPointer(yOut);
    const mean = heap.outputPointer(meanOut);
    const variance = heap.outputPointer(varOut);
    heap.parallel('batch_norm_train', channels, grain, (begin, end) => [
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
