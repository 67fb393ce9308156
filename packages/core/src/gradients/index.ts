import type { KernelName } from '../backend/kernel-map.js';
import { batchNormTrainGrad } from './batch-norm.grad.js';
import { conv2dGrad } from './conv2d.grad.js';
import { binaryGrad, castGrad, unaryGrad, whereGrad } from './elementwise.grad.js';
import { gatherGrad } from './gather.grad.js';
import type { GradFunc } from './grad-func.js';
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
export const GRADIENTS: { readonly [K in KernelName]?: GradFunc<K> } = {
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
  Conv2d: conv2dGrad,
  MaxPool2d: maxPool2dGrad,
  AvgPool2d: avgPool2dGrad,
  BatchNormTrain: batchNormTrainGrad,
};
