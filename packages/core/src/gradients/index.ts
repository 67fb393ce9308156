import type { KernelAttrs, KernelName } from '../backend/kernel-map.js';
import { batchNormTrainGrad } from './batch-norm.grad.js';
import { conv2dGrad } from './conv2d.grad.js';
import { elementwiseGrad } from './elementwise.grad.js';
import { gatherGrad } from './gather.grad.js';
import type { Gradient } from './grad-func.js';
import { indexScatterGrad } from './index-scatter.grad.js';
import { matMulGrad } from './mat-mul.grad.js';
import { padGrad } from './pad.grad.js';
import { avgPool2dGrad, maxPool2dGrad } from './pool2d.grad.js';
import { reduceGrad } from './reduce.grad.js';
import { broadcastToGrad, concatGrad, sliceGrad, sliceScatterGrad, transposeGrad } from './shape.grad.js';
import { softmaxCrossEntropyGrad } from './softmax-cross-entropy.grad.js';

/**
 * @internal The gradient of every kernel, one per kernel and shared by all backends: total over
 * the kernel map, so a kernel without an entry does not compile. `null` marks the kernels whose
 * outputs carry no gradient: integer results (`ArgReduce`, `OneHot`), random draws, the
 * fused kernels' backward passes (strata does not differentiate a gradient), and in-place
 * updates (`ElementwiseInPlace` runs with gradients off).
 */
export const GRADIENTS: { readonly [K in KernelName]: Gradient<K> | null } = {
  Elementwise: elementwiseGrad,
  Reduce: reduceGrad,
  ArgReduce: null,
  MatMul: matMulGrad,
  Transpose: transposeGrad,
  BroadcastTo: broadcastToGrad,
  Slice: sliceGrad,
  SliceScatter: sliceScatterGrad,
  Concat: concatGrad,
  Pad: padGrad,
  Gather: gatherGrad,
  IndexScatter: indexScatterGrad,
  OneHot: null,
  Random: null,
  Conv2d: conv2dGrad,
  Conv2dBackpropInput: null,
  Conv2dBackpropFilter: null,
  MaxPool2d: maxPool2dGrad,
  MaxPool2dGrad: null,
  AvgPool2d: avgPool2dGrad,
  AvgPool2dGrad: null,
  BatchNormTrain: batchNormTrainGrad,
  BatchNormTrainGrad: null,
  ElementwiseInPlace: null,
  SoftmaxCrossEntropy: softmaxCrossEntropyGrad,
  SoftmaxCrossEntropyGrad: null,
};

/**
 * @internal The name a recorded op shows as its `gradFn` and in autograd's errors, after
 * PyTorch's (`MulBackward`, `ReluBackward`, `SumBackward`, `Conv2dBackward`).
 */
export function gradNodeName<K extends KernelName>(kernelName: K, attrs: KernelAttrs<K>): string {
  const base =
    kernelName === 'Elementwise'
      ? (attrs as KernelAttrs<'Elementwise'>).name
      : kernelName === 'Reduce'
        ? (attrs as KernelAttrs<'Reduce'>).op
        : kernelName;
  return `${base[0]!.toUpperCase()}${base.slice(1)}Backward`;
}
