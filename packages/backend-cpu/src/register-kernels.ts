import { checkOptions, registerKernel } from '@strata/core';
import type { CpuBackend } from './cpu-backend.js';
import { argReduce } from './kernels/arg-reduce.js';
import { avgPool2d } from './kernels/avg-pool2d.js';
import { avgPool2dGrad } from './kernels/avg-pool2d-grad.js';
import { batchNormTrain } from './kernels/batch-norm-train.js';
import { batchNormTrainGrad } from './kernels/batch-norm-train-grad.js';
import { binary } from './kernels/binary.js';
import { binaryWasm } from './kernels/binary-wasm.js';
import { broadcastTo } from './kernels/broadcast-to.js';
import { cast } from './kernels/cast.js';
import { concat } from './kernels/concat.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dWasm } from './kernels/conv2d-wasm.js';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropFilterWasm } from './kernels/conv2d-backprop-filter-wasm.js';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input.js';
import { conv2dBackpropInputWasm } from './kernels/conv2d-backprop-input-wasm.js';
import { gather } from './kernels/gather.js';
import { indexScatter } from './kernels/index-scatter.js';
import { matMul } from './kernels/mat-mul.js';
import { matMulWasm } from './kernels/mat-mul-wasm.js';
import { maxPool2d } from './kernels/max-pool2d.js';
import { maxPool2dGrad } from './kernels/max-pool2d-grad.js';
import { oneHot } from './kernels/one-hot.js';
import { pad } from './kernels/pad.js';
import { random } from './kernels/random.js';
import { reduce } from './kernels/reduce.js';
import { slice } from './kernels/slice.js';
import { sliceScatter } from './kernels/slice-scatter.js';
import { transpose } from './kernels/transpose.js';
import { unary } from './kernels/unary.js';
import { where } from './kernels/where.js';
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
  /** Register the fused convolution, pooling and batch-norm kernels (default true). */
  fused?: boolean;
  /**
   * Run float32 GEMM, convolutions and arithmetic on the WebAssembly SIMD kernels (default true where they
   * loaded; see `wasmUnavailableReason`). False keeps every kernel in TypeScript.
   */
  wasm?: boolean;
}

/**
 * Registers the CPU kernels under `backendName`: every required kernel and, unless `fused` is
 * false, the fused convolution, pooling and batch-norm kernels; float32 matrix products, convolutions and arithmetic run
 * on WebAssembly unless `wasm` is false. The package entry registers them as `'cpu'`; tests
 * register composite-only and TypeScript-only copies to hold them to the same suite.
 *
 * @example
 * ```ts
 * registerBackend('cpu-composite', () => new CpuBackend('cpu-composite'));
 * registerCpuKernels('cpu-composite', { fused: false });
 * ```
 */
export function registerCpuKernels(backendName: string, options: CpuKernelOptions = {}): void {
  checkOptions('registerCpuKernels', options, ['fused', 'wasm']);
  const heap = options.wasm === false ? undefined : wasmHeap;
  registerKernel<'Unary', CpuBackend>(backendName, 'Unary', unary);
  registerKernel<'Binary', CpuBackend>(backendName, 'Binary', heap ? binaryWasm(heap) : binary);
  registerKernel<'Where', CpuBackend>(backendName, 'Where', where);
  registerKernel<'Reduce', CpuBackend>(backendName, 'Reduce', reduce);
  registerKernel<'ArgReduce', CpuBackend>(backendName, 'ArgReduce', argReduce);
  registerKernel<'MatMul', CpuBackend>(backendName, 'MatMul', heap ? matMulWasm(heap) : matMul);
  registerKernel<'Cast', CpuBackend>(backendName, 'Cast', cast);
  registerKernel<'Transpose', CpuBackend>(backendName, 'Transpose', transpose);
  registerKernel<'BroadcastTo', CpuBackend>(backendName, 'BroadcastTo', broadcastTo);
  registerKernel<'Slice', CpuBackend>(backendName, 'Slice', slice);
  registerKernel<'SliceScatter', CpuBackend>(backendName, 'SliceScatter', sliceScatter);
  registerKernel<'Concat', CpuBackend>(backendName, 'Concat', concat);
  registerKernel<'Pad', CpuBackend>(backendName, 'Pad', pad);
  registerKernel<'Gather', CpuBackend>(backendName, 'Gather', gather);
  registerKernel<'IndexScatter', CpuBackend>(backendName, 'IndexScatter', indexScatter);
  registerKernel<'OneHot', CpuBackend>(backendName, 'OneHot', oneHot);
  registerKernel<'Random', CpuBackend>(backendName, 'Random', random);
  if (options.fused === false) return;
  registerKernel<'Conv2d', CpuBackend>(backendName, 'Conv2d', heap ? conv2dWasm(heap) : conv2d);
  registerKernel<'Conv2dBackpropInput', CpuBackend>(
    backendName,
    'Conv2dBackpropInput',
    heap ? conv2dBackpropInputWasm(heap) : conv2dBackpropInput,
  );
  registerKernel<'Conv2dBackpropFilter', CpuBackend>(
    backendName,
    'Conv2dBackpropFilter',
    heap ? conv2dBackpropFilterWasm(heap) : conv2dBackpropFilter,
  );
  registerKernel<'MaxPool2d', CpuBackend>(backendName, 'MaxPool2d', maxPool2d);
  registerKernel<'MaxPool2dGrad', CpuBackend>(backendName, 'MaxPool2dGrad', maxPool2dGrad);
  registerKernel<'AvgPool2d', CpuBackend>(backendName, 'AvgPool2d', avgPool2d);
  registerKernel<'AvgPool2dGrad', CpuBackend>(backendName, 'AvgPool2dGrad', avgPool2dGrad);
  registerKernel<'BatchNormTrain', CpuBackend>(backendName, 'BatchNormTrain', batchNormTrain);
  registerKernel<'BatchNormTrainGrad', CpuBackend>(backendName, 'BatchNormTrainGrad', batchNormTrainGrad);
}
