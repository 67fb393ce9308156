import type { KernelAttrs, KernelName } from '../backend/kernel-map.js';
import { batchNormTrainGrad } from './batch-norm.grad.js';
import { conv2dGrad } from './conv2d.grad.js';
import { binaryGrad, castGrad, unaryGrad, whereGrad } from './elementwise.grad.js';
import { gatherGrad } from './gather.grad.js';
import type { Gradient } from './grad-func.js';
import { indexScatterGrad } from './index-scatter.grad.js';
import { matMulGrad } from './mat-mul.grad.js';
import { padGrad } from './pad.grad.js';
import { avgPool2dGrad, maxPool2dGrad } from './pool2d.grad.js';
import { reduceGrad } from './reduce.grad.js';
import { broadcastToGrad, concatGrad, sliceGrad, sliceScatterGrad, transposeGrad } from './shape.grad.js';

/**
 * @internal The gradient of every differentiable kernel, one per kernel and shared by all
 * backends. Kernels missing here (ArgReduce, OneHot, Random, the backward kernels) produce
 * outputs without gradient.
 */
export const GRADIENTS: { readonly [K in KernelName]?: Gradient<K> } = {
  Unary: unaryGrad,
  Binary: binaryGrad,
  Where: whereGrad,
  Cast: castGrad,
  Reduce: reduceGrad,
  MatMul: matMulGrad,
  Transpose: transposeGrad,
  BroadcastTo: broadcastToGrad,
  Slice: sliceGrad,
  SliceScatter: sliceScatterGrad,
  Concat: concatGrad,
  Pad: padGrad,
  Gather: gatherGrad,
  IndexScatter: indexScatterGrad,
  Conv2d: conv2dGrad,
  MaxPool2d: maxPool2dGrad,
  AvgPool2d: avgPool2dGrad,
  BatchNormTrain: batchNormTrainGrad,
};

/**
 * @internal The name a recorded op shows as its `gradFn` and in autograd's errors, after
 * PyTorch's (`MulBackward`, `ReluBackward`, `SumBackward`, `Conv2dBackward`).
 */
export function gradNodeName<K extends KernelName>(kernelName: K, attrs: KernelAttrs<K>): string {
  const op = (attrs as { op?: string }).op;
  const base = kernelName === 'Unary' || kernelName === 'Binary' || kernelName === 'Reduce' ? op! : kernelName;
  return `${base[0]!.toUpperCase()}${base.slice(1)}Backward`;
}
