export * as init from './init/index.js';
export { fromSafetensors, type SafetensorsContents } from './io/from-safetensors.js';
export { load } from './io/load.js';
export { loadInto } from './io/load-into.js';
export { SafetensorsError } from './io/safetensors-error.js';
export { save } from './io/save.js';
export { removeStaleTemporaries } from './io/remove-stale-temporaries.js';
export { writeFileAtomic } from './io/write-file-atomic.js';
export { toSafetensors } from './io/to-safetensors.js';
export { AdaptiveAvgPool2d, type AdaptiveAvgPool2dArgs } from './layers/adaptive-avg-pool2d.js';
export { AdaptiveMaxPool2d, type AdaptiveMaxPool2dArgs } from './layers/adaptive-max-pool2d.js';
export { AvgPool2d, type AvgPool2dArgs, type AvgPool2dLayerOptions } from './layers/avg-pool2d.js';
export { type BatchNormArgs, BatchNormBase, type BatchNormLayerOptions } from './layers/batch-norm-base.js';
export { BatchNorm1d } from './layers/batch-norm1d.js';
export { BatchNorm2d } from './layers/batch-norm2d.js';
export { Conv2d, type Conv2dArgs, type Conv2dLayerOptions } from './layers/conv2d.js';
export { Dropout, type DropoutArgs } from './layers/dropout.js';
export { Flatten, type FlattenArgs } from './layers/flatten.js';
export { Identity } from './layers/identity.js';
export { LazyBatchNorm2d, type LazyBatchNorm2dArgs } from './layers/lazy-batch-norm2d.js';
export { LazyConv2d, type LazyConv2dArgs } from './layers/lazy-conv2d.js';
export { LazyLinear, type LazyLinearArgs } from './layers/lazy-linear.js';
export { type LayerOptions, Linear, type LinearArgs } from './layers/linear.js';
export {
  ELU,
  type ELUArgs,
  GELU,
  type GELUArgs,
  Hardsigmoid,
  Hardswish,
  type InplaceArgs,
  LeakyReLU,
  type LeakyReLUArgs,
  LogSigmoid,
  LogSoftmax,
  Mish,
  ReLU,
  type ReLUArgs,
  SiLU,
  Sigmoid,
  Softmax,
  type SoftmaxArgs,
  Softplus,
  type SoftplusArgs,
  Tanh,
} from './layers/activations.js';
export { MaxPool2d, type MaxPool2dArgs, type MaxPool2dLayerOptions } from './layers/max-pool2d.js';
export type { Size2 } from './layers/pair.js';
export {
  BCEWithLogitsLoss,
  type BCEWithLogitsLossArgs,
  type BCEWithLogitsLossOptions,
} from './losses/bce-with-logits-loss.js';
export {
  CrossEntropyLoss,
  type CrossEntropyLossArgs,
  type CrossEntropyLossOptions,
} from './losses/cross-entropy-loss.js';
export { type ClassWeightOption, Loss, type LossOptions } from './losses/loss.js';
export { MSELoss, type MSELossArgs } from './losses/mse-loss.js';
export { NLLLoss, type NLLLossArgs, type NLLLossOptions } from './losses/nll-loss.js';
export { Buffer, type BufferArgs } from './module/buffer.js';
export { type Layer, type LayerAt, ModuleDict, ModuleList, Sequential } from './module/containers.js';
export { type LoadResult, Module, type StateDict, StateDictError } from './module/module.js';
export { Parameter, type ParameterArgs } from './module/parameter.js';
export type { PyTorchArgs } from './module/pytorch-args.js';
