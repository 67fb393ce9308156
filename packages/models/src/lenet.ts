import {
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
  Sigmoid,
} from '@strata/nn';
import { positiveInteger, resolveModelOptions, type SizedModelOptions, windowOutput } from './model-options.js';

/** Side of the last feature map: two 5x5 convolutions (the first padded by `pad`) each followed by a 2x2 pool. */
function featureSize(model: string, inputSize: number, pad: number): number {
  let size = windowOutput(model, inputSize, inputSize, 5, 1, pad);
  size = windowOutput(model, inputSize, size, 2, 2, 0);
  size = windowOutput(model, inputSize, size, 5, 1, 0);
  return windowOutput(model, inputSize, size, 2, 2, 0);
}

/**
 * d2l's LeNet-5 for 28x28 images (or `inputSize`): two 5x5 convolutions with sigmoid and 2x2 average pooling,
 * then three linear layers (the LeNet chapter's `net`, key for key).
 *
 * @example
 * ```ts
 * const net = lenet();
 * net.forward(rand([1, 1, 28, 28])).shape; // [1, 10]
 * ```
 */
export function lenet(options: SizedModelOptions = {}): Sequential {
  const { inChannels, numClasses, width } = resolveModelOptions('lenet', options, ['inputSize']);
  const size = featureSize('lenet', positiveInteger('lenet', 'inputSize', options.inputSize ?? 28), 2);
  const c1 = width(6);
  const c2 = width(16);
  return new Sequential(
    new Conv2d(inChannels, c1, 5, { padding: 2 }),
    new Sigmoid(),
    new AvgPool2d(2, { stride: 2 }),
    new Conv2d(c1, c2, 5),
    new Sigmoid(),
    new AvgPool2d(2, { stride: 2 }),
    new Flatten(),
    new Linear(c2 * size * size, width(120)),
    new Sigmoid(),
    new Linear(width(120), width(84)),
    new Sigmoid(),
    new Linear(width(84), numClasses),
  );
}

/**
 * LeNet with the modern choices: ReLU and 2x2 max pooling, otherwise the layers of
 * {@link lenet}.
 *
 * @example
 * ```ts
 * const net = lenetModern({ numClasses: 10 });
 * ```
 */
export function lenetModern(options: SizedModelOptions = {}): Sequential {
  const { inChannels, numClasses, width } = resolveModelOptions('lenetModern', options, ['inputSize']);
  const size = featureSize('lenetModern', positiveInteger('lenetModern', 'inputSize', options.inputSize ?? 28), 2);
  const c1 = width(6);
  const c2 = width(16);
  return new Sequential(
    new Conv2d(inChannels, c1, 5, { padding: 2 }),
    new ReLU(),
    new MaxPool2d(2, { stride: 2 }),
    new Conv2d(c1, c2, 5),
    new ReLU(),
    new MaxPool2d(2, { stride: 2 }),
    new Flatten(),
    new Linear(c2 * size * size, width(120)),
    new ReLU(),
    new Linear(width(120), width(84)),
    new ReLU(),
    new Linear(width(84), numClasses),
  );
}

/**
 * The batch-normalization chapter's LeNet (its concise version): batch norm after every
 * convolution and hidden linear layer, before the sigmoid; no padding, so the flattened
 * features are 16 x 4 x 4.
 *
 * @example
 * ```ts
 * const net = batchNormLenet();
 * net.forward(rand([2, 1, 28, 28])).shape; // [2, 10]
 * ```
 */
export function batchNormLenet(options: SizedModelOptions = {}): Sequential {
  const { inChannels, numClasses, width } = resolveModelOptions('batchNormLenet', options, ['inputSize']);
  const size = featureSize(
    'batchNormLenet',
    positiveInteger('batchNormLenet', 'inputSize', options.inputSize ?? 28),
    0,
  );
  const c1 = width(6);
  const c2 = width(16);
  return new Sequential(
    new Conv2d(inChannels, c1, 5),
    new BatchNorm2d(c1),
    new Sigmoid(),
    new AvgPool2d(2, { stride: 2 }),
    new Conv2d(c1, c2, 5),
    new BatchNorm2d(c2),
    new Sigmoid(),
    new AvgPool2d(2, { stride: 2 }),
    new Flatten(),
    new Linear(c2 * size * size, width(120)),
    new BatchNorm1d(width(120)),
    new Sigmoid(),
    new Linear(width(120), width(84)),
    new BatchNorm1d(width(84)),
    new Sigmoid(),
    new Linear(width(84), numClasses),
  );
}
