import { checkOptions, type KernelConfig, registerKernels } from '@strata/core';
import type { CpuBackend } from './cpu-backend.js';
import { argReduce } from './kernels/arg-reduce.js';
import { avgPool2d } from './kernels/avg-pool2d.js';
import { avgPool2dGrad } from './kernels/avg-pool2d-grad.js';
import { avgPool2dGradWasm } from './kernels/avg-pool2d-grad-wasm.js';
import { avgPool2dWasm } from './kernels/avg-pool2d-wasm.js';
import { batchNormTrain } from './kernels/batch-norm-train.js';
import { batchNormTrainGrad } from './kernels/batch-norm-train-grad.js';
import { batchNormTrainGradWasm } from './kernels/batch-norm-train-grad-wasm.js';
import { batchNormTrainWasm } from './kernels/batch-norm-train-wasm.js';
import { broadcastTo } from './kernels/broadcast-to.js';
import { concat } from './kernels/concat.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dWasm } from './kernels/conv2d-wasm.js';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropFilterWasm } from './kernels/conv2d-backprop-filter-wasm.js';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input.js';
import { conv2dBackpropInputWasm } from './kernels/conv2d-backprop-input-wasm.js';
import { elementwise, elementwiseInterpreted } from './kernels/elementwise.js';
import { elementwiseInPlace, elementwiseInPlaceInterpreted } from './kernels/elementwise-in-place.js';
import { elementwiseInPlaceWasm } from './kernels/elementwise-in-place-wasm.js';
import { elementwiseWasm } from './kernels/elementwise-wasm.js';
import { gather } from './kernels/gather.js';
import { indexScatter } from './kernels/index-scatter.js';
import { matMul } from './kernels/mat-mul.js';
import { matMulWasm } from './kernels/mat-mul-wasm.js';
import { maxPool2d } from './kernels/max-pool2d.js';
import { maxPool2dGrad } from './kernels/max-pool2d-grad.js';
import { maxPool2dGradWasm } from './kernels/max-pool2d-grad-wasm.js';
import { maxPool2dWasm } from './kernels/max-pool2d-wasm.js';
import { oneHot } from './kernels/one-hot.js';
import { pad } from './kernels/pad.js';
import { random } from './kernels/random.js';
import { reduce } from './kernels/reduce.js';
import { reduceWasm } from './kernels/reduce-wasm.js';
import { slice } from './kernels/slice.js';
import { sliceScatter } from './kernels/slice-scatter.js';
import { softmaxCrossEntropy } from './kernels/softmax-cross-entropy.js';
import { softmaxCrossEntropyGrad } from './kernels/softmax-cross-entropy-grad.js';
import { softmaxCrossEntropyGradWasm } from './kernels/softmax-cross-entropy-grad-wasm.js';
import { softmaxCrossEntropyWasm } from './kernels/softmax-cross-entropy-wasm.js';
import { transpose } from './kernels/transpose.js';
import { wasmHeap } from './wasm/load-wasm.js';

/**
 * Options of {@link registerCpuKernels}.
 *
 * @example
 * ```ts
 * const typescriptOnly: CpuKernelOptions = { wasm: false };
 * ```
 */
export interface CpuKernelOptions {
  /**
   * Generate elementwise loops at run time (WebAssembly, else JavaScript; default true). False
   * interprets them instead, as happens anyway where a Content Security Policy refuses generated
   * code; a page under such a policy sets it to skip the refused attempts (and their reports).
   */
  codegen?: boolean;
  /**
   * Register the fused convolution, pooling, batch-norm, softmax cross-entropy and in-place
   * elementwise kernels (default true).
   */
  fused?: boolean;
  /**
   * Run float32 GEMM, convolutions, pooling, batch norm, softmax cross-entropy and per-channel sums on the WebAssembly
   * SIMD kernels (default true where they loaded; see `wasmUnavailableReason`). False keeps every
   * kernel in TypeScript.
   */
  wasm?: boolean;
}

/**
 * Registers the CPU kernels under `backendName`: every required kernel and, unless `fused` is
 * false, the fused convolution, pooling and batch-norm kernels and the in-place elementwise update; float32 matrix products,
 * convolutions, pooling and batch norm run on WebAssembly unless `wasm` is false, float32
 * elementwise expressions on WebAssembly loops generated for them unless `wasm` or `codegen` is
 * false. The package entry registers them as `'cpu'`; tests register composite-only and
 * TypeScript-only copies to hold them to the same suite.
 *
 * @example
 * ```ts
 * registerBackend('cpu-composite', () => new CpuBackend('cpu-composite'));
 * registerCpuKernels('cpu-composite', { fused: false });
 * ```
 */
export function registerCpuKernels(backendName: string, options: CpuKernelOptions = {}): void {
  checkOptions('registerCpuKernels', options, ['codegen', 'fused', 'wasm']);
  const heap = options.wasm === false ? undefined : wasmHeap;
  const required: KernelConfig<CpuBackend>[] = [
    {
      kernelName: 'Elementwise',
      kernelFunc: options.codegen === false ? elementwiseInterpreted : heap ? elementwiseWasm(heap) : elementwise,
    },
    { kernelName: 'Reduce', kernelFunc: heap ? reduceWasm(heap) : reduce },
    { kernelName: 'ArgReduce', kernelFunc: argReduce },
    { kernelName: 'MatMul', kernelFunc: heap ? matMulWasm(heap) : matMul },
    { kernelName: 'Transpose', kernelFunc: transpose },
    { kernelName: 'BroadcastTo', kernelFunc: broadcastTo },
    { kernelName: 'Slice', kernelFunc: slice },
    { kernelName: 'SliceScatter', kernelFunc: sliceScatter },
    { kernelName: 'Concat', kernelFunc: concat },
    { kernelName: 'Pad', kernelFunc: pad },
    { kernelName: 'Gather', kernelFunc: gather },
    { kernelName: 'IndexScatter', kernelFunc: indexScatter },
    { kernelName: 'OneHot', kernelFunc: oneHot },
    { kernelName: 'Random', kernelFunc: random },
  ];
  registerKernels(backendName, required);
  if (options.fused === false) return;
  const fused: KernelConfig<CpuBackend>[] = [
    { kernelName: 'Conv2d', kernelFunc: heap ? conv2dWasm(heap) : conv2d },
    { kernelName: 'Conv2dBackpropInput', kernelFunc: heap ? conv2dBackpropInputWasm(heap) : conv2dBackpropInput },
    { kernelName: 'Conv2dBackpropFilter', kernelFunc: heap ? conv2dBackpropFilterWasm(heap) : conv2dBackpropFilter },
    { kernelName: 'MaxPool2d', kernelFunc: heap ? maxPool2dWasm(heap) : maxPool2d },
    { kernelName: 'MaxPool2dGrad', kernelFunc: heap ? maxPool2dGradWasm(heap) : maxPool2dGrad },
    { kernelName: 'AvgPool2d', kernelFunc: heap ? avgPool2dWasm(heap) : avgPool2d },
    { kernelName: 'AvgPool2dGrad', kernelFunc: heap ? avgPool2dGradWasm(heap) : avgPool2dGrad },
    { kernelName: 'BatchNormTrain', kernelFunc: heap ? batchNormTrainWasm(heap) : batchNormTrain },
    { kernelName: 'BatchNormTrainGrad', kernelFunc: heap ? batchNormTrainGradWasm(heap) : batchNormTrainGrad },
    {
      kernelName: 'ElementwiseInPlace',
      kernelFunc:
        options.codegen === false
          ? elementwiseInPlaceInterpreted
          : heap
            ? elementwiseInPlaceWasm(heap)
            : elementwiseInPlace,
    },
    { kernelName: 'SoftmaxCrossEntropy', kernelFunc: heap ? softmaxCrossEntropyWasm(heap) : softmaxCrossEntropy },
    {
      kernelName: 'SoftmaxCrossEntropyGrad',
      kernelFunc: heap ? softmaxCrossEntropyGradWasm(heap) : softmaxCrossEntropyGrad,
    },
  ];
  registerKernels(backendName, fused);
}
