export * as init from './init/index.js';
export { Linear, type LayerOptions } from './layers/linear.js';
export { LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from './layers/activations.js';
export { type Layer, ModuleDict, ModuleList, Sequential } from './module/containers.js';
export { type LoadResult, Module, type StateDict, StateDictError } from './module/module.js';
