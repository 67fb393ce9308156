import { ArgumentError, checkOptions } from '@strata/core';
import type { Sequential } from '@strata/nn';
import { alexnet } from './alexnet.js';
import { densenet } from './densenet.js';
import { googlenet } from './googlenet.js';
import { batchNormLenet, lenet, lenetModern } from './lenet.js';
import type { ModelOptions } from './model-options.js';
import { nin } from './nin.js';
import { resnet18, resnet34 } from './resnet.js';
import { VGG11_ARCH, vgg } from './vgg.js';

/**
 * Options of {@link createModel}: the shared {@link ModelOptions} plus the input size that the
 * models with a fixed-size classifier (AlexNet, VGG) need.
 *
 * @example
 * ```ts
 * const options: CreateModelOptions = { ratio: 4, inputSize: 64 };
 * ```
 */
export interface CreateModelOptions extends ModelOptions {
  /** Height and width of the square input images; the model's `inputSize` by default. */
  inputSize?: number;
}

/**
 * A model that {@link createModel} builds by name, with the input size its chapter uses.
 *
 * @example
 * ```ts
 * MODELS.resnet18.inputSize; // 96
 * ```
 */
export interface ModelEntry {
  /** The name `createModel` and the CLI take. */
  readonly name: string;
  /** One line on what the model is. */
  readonly description: string;
  /** The side of the square images the chapter feeds it (Fashion-MNIST is resized to it). */
  readonly inputSize: number;
  /** Builds the model. */
  build(options: CreateModelOptions): Sequential;
}

// Models whose global pooling takes any input size: `inputSize` only sets the size they are shown with.
const sizeFree =
  (build: (options: ModelOptions) => Sequential) =>
  ({ inputSize: _, ...options }: CreateModelOptions): Sequential =>
    build(options);

const entries: ModelEntry[] = [
  { name: 'lenet', description: 'd2l LeNet-5: sigmoid, average pooling', inputSize: 28, build: lenet },
  { name: 'lenet-modern', description: 'LeNet with ReLU and max pooling', inputSize: 28, build: lenetModern },
  { name: 'bn-lenet', description: 'LeNet with batch normalization', inputSize: 28, build: batchNormLenet },
  { name: 'alexnet', description: 'd2l AlexNet (dropout 0.5)', inputSize: 224, build: alexnet },
  {
    name: 'vgg11',
    description: 'd2l VGG-11 (vgg(VGG11_ARCH))',
    inputSize: 224,
    build: (options) => vgg(VGG11_ARCH, options),
  },
  { name: 'nin', description: 'd2l Network in Network', inputSize: 224, build: sizeFree(nin) },
  { name: 'googlenet', description: 'd2l GoogLeNet (Inception blocks)', inputSize: 96, build: sizeFree(googlenet) },
  { name: 'resnet18', description: 'd2l ResNet-18', inputSize: 96, build: sizeFree(resnet18) },
  { name: 'resnet34', description: "ResNet-34 from the chapter's blocks", inputSize: 96, build: sizeFree(resnet34) },
  { name: 'densenet', description: 'd2l DenseNet (growth rate 32)', inputSize: 96, build: sizeFree(densenet) },
];

/**
 * Every model of the chapters by its CLI name: `lenet`, `lenet-modern`, `bn-lenet`, `alexnet`,
 * `vgg11`, `nin`, `googlenet`, `resnet18`, `resnet34`, `densenet`.
 *
 * @example
 * ```ts
 * Object.keys(MODELS); // ['lenet', 'lenet-modern', ...]
 * ```
 */
export const MODELS: Readonly<Record<string, ModelEntry>> = Object.freeze(
  Object.fromEntries(entries.map((e) => [e.name, e])),
);

/**
 * Builds the model `name` of {@link MODELS}; an unknown name throws with the list of valid ones.
 *
 * @example
 * ```ts
 * const net = createModel('resnet18', { ratio: 4 });
 * ```
 */
export function createModel(name: string, options: CreateModelOptions = {}): Sequential {
  const entry = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
  if (entry === undefined) {
    throw new ArgumentError(`createModel: unknown model '${name}'; expected one of ${Object.keys(MODELS).join(', ')}.`);
  }
  checkOptions('createModel', options, ['inChannels', 'numClasses', 'ratio', 'inputSize']);
  return entry.build({ ...options, inputSize: options.inputSize ?? entry.inputSize });
}
