import { checkOptions, type KernelConfig, registerKernels } from '@strata/core';
import type { GpuBackend } from './gpu-backend.js';
import { argReduce } from './kernels/arg-reduce.js';
import { avgPool2d } from './kernels/avg-pool2d.js';
import { avgPool2dGrad } from './kernels/avg-pool2d-grad.js';
import { batchNormTrain, batchNormTrainGrad } from './kernels/batch-norm-train.js';
import { broadcastTo } from './kernels/broadcast-to.js';
import { concat } from './kernels/concat.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input.js';
import { elementwise } from './kernels/elementwise.js';
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
  const required: KernelConfig<GpuBackend>[] = [
    { kernelName: 'Elementwise', kernelFunc: elementwise },
    { kernelName: 'Reduce', kernelFunc: reduce },
    { kernelName: 'ArgReduce', kernelFunc: argReduce },
    { kernelName: 'MatMul', kernelFunc: matMul },
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
  const fused: KernelConfig<GpuBackend>[] = [
    { kernelName: 'Conv2d', kernelFunc: conv2d },
    { kernelName: 'Conv2dBackpropInput', kernelFunc: conv2dBackpropInput },
    { kernelName: 'Conv2dBackpropFilter', kernelFunc: conv2dBackpropFilter },
    { kernelName: 'MaxPool2d', kernelFunc: maxPool2d },
    { kernelName: 'MaxPool2dGrad', kernelFunc: maxPool2dGrad },
    { kernelName: 'AvgPool2d', kernelFunc: avgPool2d },
    { kernelName: 'AvgPool2dGrad', kernelFunc: avgPool2dGrad },
    { kernelName: 'BatchNormTrain', kernelFunc: batchNormTrain },
    { kernelName: 'BatchNormTrainGrad', kernelFunc: batchNormTrainGrad },
  ];
  registerKernels(backendName, fused);
}
