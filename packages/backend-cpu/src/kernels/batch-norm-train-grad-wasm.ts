import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { planBatchNorm } from '../wasm/batch-norm-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { batchNormTrainGrad } from './batch-norm-train-grad.js';

/**
 * `BatchNormTrainGrad` on the WebAssembly SIMD kernel for float32 (float64 takes the TypeScript
 * kernel), the channels split across the kernel threads: `dx`, `dweight` and `dbias` by the
 * TypeScript kernel's formula, in double, in a summation order that depends on the shape alone.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'BatchNormTrainGrad', batchNormTrainGradWasm(heap));
 * ```
 */
export function batchNormTrainGradWasm(heap: WasmHeap): KernelFunc<'BatchNormTrainGrad', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { dy, x, weight, mean, var: variance } = inputs;
    const size = sizeFromShape(x.shape);
    if (size === 0 || [dy, x, weight, mean, variance].some((t) => t.dtype !== 'float32')) {
      return batchNormTrainGrad(args);
    }
    heap.reset();
    const { batch, channels, spatial, eps, grain } = planBatchNorm(heap, x.shape, attrs.eps);
    const [dyPtr, xPtr, weightPtr, meanPtr, varPtr] = [dy, x, weight, mean, variance].map((t) =>
      heap.copyIn(backend.values(t.dataId) as Float32Array),
    ) as [number, number, number, number, number];
    const dxOut = backend.allocateOutput('float32', size);
    const dweightOut = backend.allocateOutput('float32', channels);
    const dbiasOut = backend.allocateOutput('float32', channels);
    const dx = heap.outputPointer(dxOut);
    const dweight = heap.outputPointer(dweightOut);
    const dbias = heap.outputPointer(dbiasOut);
    heap.parallel('batch_norm_train_grad', channels, grain, (begin, end) => [
      dyPtr,
      xPtr,
      weightPtr,
      meanPtr,
      varPtr,
      eps,
      batch,
      channels,
      spatial,
      dx,
      dweight,
      dbias,
      begin,
      end,
    ]);
    heap.copyBack(dxOut, dx);
    heap.copyBack(dweightOut, dweight);
    heap.copyBack(dbiasOut, dbias);
    return [
      backend.makeOutput(dxOut, x.shape, 'float32'),
      backend.makeOutput(dweightOut, [channels], 'float32'),
      backend.makeOutput(dbiasOut, [channels], 'float32'),
    ];
  };
}
