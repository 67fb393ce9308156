import { registerKernel } from '@strata/core';
import type { CpuBackend } from './cpu-backend.js';
import { argReduce } from './kernels/arg-reduce.js';
import { avgPool2d } from './kernels/avg-pool2d.js';
import { avgPool2dGrad } from './kernels/avg-pool2d-grad.js';
import { binary } from './kernels/binary.js';
import { broadcastTo } from './kernels/broadcast-to.js';
import { cast } from './kernels/cast.js';
import { concat } from './kernels/concat.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input.js';
import { gather } from './kernels/gather.js';
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
 * Registers the CPU kernels under `backendName`: every required kernel and, unless `fused` is
 * false, the fused convolution and pooling kernels. The package entry registers them as `'cpu'`;
 * tests register a second, composite-only copy to hold core's composites to the same suite.
 *
 * @example
 * ```ts
 * registerBackend('cpu-composite', () => new CpuBackend('cpu-composite'));
 * registerCpuKernels('cpu-composite', { fused: false });
 * ```
 */
export function registerCpuKernels(backendName: string, options: { fused?: boolean } = {}): void {
  registerKernel<'Unary', CpuBackend>(backendName, 'Unary', unary);
  registerKernel<'Binary', CpuBackend>(backendName, 'Binary', binary);
  registerKernel<'Where', CpuBackend>(backendName, 'Where', where);
  registerKernel<'Reduce', CpuBackend>(backendName, 'Reduce', reduce);
  registerKernel<'ArgReduce', CpuBackend>(backendName, 'ArgReduce', argReduce);
  registerKernel<'MatMul', CpuBackend>(backendName, 'MatMul', matMul);
  registerKernel<'Cast', CpuBackend>(backendName, 'Cast', cast);
  registerKernel<'Transpose', CpuBackend>(backendName, 'Transpose', transpose);
  registerKernel<'BroadcastTo', CpuBackend>(backendName, 'BroadcastTo', broadcastTo);
  registerKernel<'Slice', CpuBackend>(backendName, 'Slice', slice);
  registerKernel<'SliceScatter', CpuBackend>(backendName, 'SliceScatter', sliceScatter);
  registerKernel<'Concat', CpuBackend>(backendName, 'Concat', concat);
  registerKernel<'Pad', CpuBackend>(backendName, 'Pad', pad);
  registerKernel<'Gather', CpuBackend>(backendName, 'Gather', gather);
  registerKernel<'OneHot', CpuBackend>(backendName, 'OneHot', oneHot);
  registerKernel<'Random', CpuBackend>(backendName, 'Random', random);
  if (options.fused === false) return;
  registerKernel<'Conv2d', CpuBackend>(backendName, 'Conv2d', conv2d);
  registerKernel<'Conv2dBackpropInput', CpuBackend>(backendName, 'Conv2dBackpropInput', conv2dBackpropInput);
  registerKernel<'Conv2dBackpropFilter', CpuBackend>(backendName, 'Conv2dBackpropFilter', conv2dBackpropFilter);
  registerKernel<'MaxPool2d', CpuBackend>(backendName, 'MaxPool2d', maxPool2d);
  registerKernel<'MaxPool2dGrad', CpuBackend>(backendName, 'MaxPool2dGrad', maxPool2dGrad);
  registerKernel<'AvgPool2d', CpuBackend>(backendName, 'AvgPool2d', avgPool2d);
  registerKernel<'AvgPool2dGrad', CpuBackend>(backendName, 'AvgPool2dGrad', avgPool2dGrad);
}
