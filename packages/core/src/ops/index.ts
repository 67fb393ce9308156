export {
  type EluOptions,
  elu,
  type GeluOptions,
  gelu,
  hardsigmoid,
  hardswish,
  type LeakyReluOptions,
  leakyRelu,
  logSigmoid,
  mish,
  type SoftplusOptions,
  silu,
  softplus,
} from './activations.js';
export { type AdaptiveOutputSize, adaptiveAvgPool2d, adaptiveMaxPool2d } from './adaptive-pool2d.js';
export { argmax, argmin } from './arg-reduce.js';
export { batchNorm, type BatchNormOptions } from './batch-norm.js';
export { add, div, eq, ge, gt, le, logicalAnd, logicalOr, lt, maximum, minimum, mul, ne, pow, sub } from './binary.js';
export { cast, clone, detach, toBackend } from './cast.js';
export { cat, stack } from './cat.js';
export { clamp } from './clamp.js';
export { conv2d, type Conv2dOptions } from './conv2d.js';
export { corr2d } from './corr2d.js';
export {
  arange,
  type CreationOptions,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  tensor,
  zeros,
  zerosLike,
} from './creation.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { dropout } from './dropout.js';
export { type ElementwiseOptions, elementwise } from './elementwise.js';
export { elementwiseInPlace } from './elementwise-in-place.js';
export { expand } from './expand.js';
export { indexSelect } from './index-select.js';
export type { IndexItem } from './index-plan.js';
export { type IndexPutOptions, indexPut } from './index-put.js';
export { IndexSlice, slice } from './index-slice.js';
export { index } from './index-tensor.js';
export { logsumexp } from './logsumexp.js';
export { type LinearOptions, linear, matmul } from './matmul.js';
export { mseLoss } from './mse-loss.js';
export { oneHot } from './one-hot.js';
export { pad, type PadOptions } from './pad.js';
export { type AvgPool2dOptions, avgPool2d, type MaxPool2dOptions, maxPool2d } from './pool2d.js';
export { rand, randint, randintLike, randLike, randn, randnLike } from './random.js';
export { all, amax, amin, any, max, mean, min, sum, type ValuesIndices } from './reduce.js';
export type { Reduction } from './reduction-mode.js';
export { flatten, reshape, squeeze, unsqueeze } from './reshape.js';
export { narrow } from './slice.js';
export { logSoftmax, softmax } from './softmax.js';
export { movedim, permute, t, transpose } from './transpose.js';
export {
  abs,
  ceil,
  exp,
  floor,
  log,
  logicalNot,
  neg,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  sqrt,
  square,
  tanh,
} from './unary.js';
export { std, type VarianceOptions, variance } from './variance.js';
export { where } from './where.js';
