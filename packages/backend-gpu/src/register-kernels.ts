import { checkOptions, registerKernel } from '@strata/core';
import type { GpuBackend } from './gpu-backend.js';
import { argReduce } from './kernels/arg-reduce.js';
import { avgPool2d } from './kernels/avg-pool2d.js';
import { avgPool2dGrad } from './kernels/avg-pool2d-grad.js';
import { batchNormTrain, batchNormTrainGrad } from './kernels/batch-norm-train.js';
import { binary } from './kernels/binary.js';
import { broadcastTo } from './kernels/broadcast-to.js';
import { cast } from './kernels/cast.js';
import { concat } from './kernels/concat.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input.js';
import { gather } from './kernels/gather.js';
import { indexScatter } from './kernels/index-scatter.js';
import { matMul } from './kernels/mat-mul.js';
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

/**
 * Registers the GPU kernels under `backendName`: every required kernel and, unless `fused` is
 * false, the fused convolution, pooling and batch-norm kernels.
 *
 * @example
 * ```ts
 * registerBackend('gpu-composite', () => new GpuBackend('gpu-composite'));
 * registerGpuKernels('gpu-composite', { fused: false });
 * ```
 */
export function registerGpuKernels(backendName: string, options: { fused?: boolean } = {}): void {
  checkOptions('registerGpuKernels', options, ['fused']);
  registerKernel<'Unary', GpuBackend>(backendName, 'Unary', unary);
  registerKernel<'Binary', GpuBackend>(backendName, 'Binary', binary);
  registerKernel<'Where', GpuBackend>(backendName, 'Where', where);
  registerKernel<'Reduce', GpuBackend>(backendName, 'Reduce', reduce);
  registerKernel<'ArgReduce', GpuBackend>(backendName, 'ArgReduce', argReduce);
  registerKernel<'MatMul', GpuBackend>(backendName, 'MatMul', matMul);
  registerKernel<'Cast', GpuBackend>(backendName, 'Cast', cast);
  registerKernel<'Transpose', GpuBackend>(backendName, 'Transpose', transpose);
  registerKernel<'BroadcastTo', GpuBackend>(backendName, 'BroadcastTo', broadcastTo);
  registerKernel<'Slice', GpuBackend>(backendName, 'Slice', slice);
  registerKernel<'SliceScatter', GpuBackend>(backendName, 'SliceScatter', sliceScatter);
  registerKernel<'Concat', GpuBackend>(backendName, 'Concat', concat);
  registerKernel<'Pad', GpuBackend>(backendName, 'Pad', pad);
  registerKernel<'Gather', GpuBackend>(backendName, 'Gather', gather);
  registerKernel<'IndexScatter', GpuBackend>(backendName, 'IndexScatter', indexScatter);
  registerKernel<'OneHot', GpuBackend>(backendName, 'OneHot', oneHot);
  registerKernel<'Random', GpuBackend>(backendName, 'Random', random);
  if (options.fused === false) return;
  registerKernel<'Conv2d', GpuBackend>(backendName, 'Conv2d', conv2d);
  registerKernel<'Conv2dBackpropInput', GpuBackend>(backendName, 'Conv2dBackpropInput', conv2dBackpropInput);
  registerKernel<'Conv2dBackpropFilter', GpuBackend>(backendName, 'Conv2dBackpropFilter', conv2dBackpropFilter);
  registerKernel<'MaxPool2d', GpuBackend>(backendName, 'MaxPool2d', maxPool2d);
  registerKernel<'MaxPool2dGrad', GpuBackend>(backendName, 'MaxPool2dGrad', maxPool2dGrad);
  registerKernel<'AvgPool2d', GpuBackend>(backendName, 'AvgPool2d', avgPool2d);
  registerKernel<'AvgPool2dGrad', GpuBackend>(backendName, 'AvgPool2dGrad', avgPool2dGrad);
  registerKernel<'BatchNormTrain', GpuBackend>(backendName, 'BatchNormTrain', batchNormTrain);
  registerKernel<'BatchNormTrainGrad', GpuBackend>(backendName, 'BatchNormTrainGrad', batchNormTrainGrad);
}
