import { cat, type Tensor } from '@strata/core';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  type Layer,
  Linear,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
} from '@strata/nn';
import { type ModelOptions, positiveInteger, resolveModelOptions } from './model-options.js';

function convBlock(inputChannels: number, numChannels: number): Sequential {
  return new Sequential(
    new BatchNorm2d(inputChannels),
    new ReLU(),
    new Conv2d(inputChannels, numChannels, 3, { padding: 1 }),
  );
}

/**
 * The dense block of DenseNet: `numConvs` batch-norm, ReLU, 3x3 convolution blocks, each
 * reading the concatenation of the input and every earlier block's output (key prefix `net.`).
 *
 * @example
 * ```ts
 * const block = new DenseBlock(2, 3, 10);
 * block.forward(rand([4, 3, 8, 8])).shape; // [4, 23, 8, 8]
 * ```
 */
export class DenseBlock extends Module {
  readonly net: Sequential;
  /** The channels of the output: input channels plus `numConvs * numChannels`. */
  readonly outChannels: number;

  constructor(numConvs: number, inputChannels: number, numChannels: number) {
    super();
    positiveInteger('DenseBlock', 'numConvs', numConvs);
    const blocks: Sequential[] = [];
    for (let i = 0; i < numConvs; i++) blocks.push(convBlock(numChannels * i + inputChannels, numChannels));
    this.net = new Sequential(...blocks);
    this.outChannels = inputChannels + numConvs * numChannels;
  }

  /** Appends each block's output to its input along the channels. */
  forward(x: Tensor): Tensor {
    let out = x;
    for (const block of this.net) out = cat([out, block.forward(out)], 1);
    return out;
  }
}

/**
 * The transition block of DenseNet: batch norm, ReLU, a 1x1 convolution to `numChannels`, and
 * a 2x2 stride-2 average pool that halves height and width.
 *
 * @example
 * ```ts
 * transitionBlock(23, 10).forward(rand([4, 23, 8, 8])).shape; // [4, 10, 4, 4]
 * ```
 */
export function transitionBlock(inputChannels: number, numChannels: number): Sequential {
  return new Sequential(
    new BatchNorm2d(inputChannels),
    new ReLU(),
    new Conv2d(inputChannels, numChannels, 1),
    new AvgPool2d(2, { stride: 2 }),
  );
}

/**
 * Options of {@link densenet}.
 *
 * @example
 * ```ts
 * const options: DenseNetOptions = { ratio: 2, convsPerBlock: [4, 4, 4, 4] };
 * ```
 */
export interface DenseNetOptions extends ModelOptions {
  /** Convolutions in each dense block; `[4, 4, 4, 4]` by default, as in the chapter. */
  convsPerBlock?: readonly number[];
}

/**
 * d2l's DenseNet: the ResNet stem (64 channels), four dense blocks with growth rate 32 and
 * transition blocks halving the channels between them, then batch norm, ReLU, global average
 * pooling and a linear layer. `ratio` divides the stem channels and the growth rate.
 *
 * @example
 * ```ts
 * const net = densenet();
 * net.forward(rand([1, 1, 96, 96])).shape; // [1, 10]
 * ```
 */
export function densenet(options: DenseNetOptions = {}): Sequential {
  const { inChannels, numClasses, width } = resolveModelOptions('densenet', options, ['convsPerBlock']);
  const convsPerBlock = options.convsPerBlock ?? [4, 4, 4, 4];
  let channels = width(64);
  const growthRate = width(32);
  const layers: Layer[] = [
    new Sequential(
      new Conv2d(inChannels, channels, 7, { stride: 2, padding: 3 }),
      new BatchNorm2d(channels),
      new ReLU(),
      new MaxPool2d(3, { stride: 2, padding: 1 }),
    ),
  ];
  convsPerBlock.forEach((numConvs, i) => {
    const block = new DenseBlock(numConvs, channels, growthRate);
    layers.push(block);
    channels = block.outChannels;
    if (i !== convsPerBlock.length - 1) {
      layers.push(transitionBlock(channels, Math.floor(channels / 2)));
      channels = Math.floor(channels / 2);
    }
  });
  layers.push(
    new BatchNorm2d(channels),
    new ReLU(),
    new AdaptiveAvgPool2d([1, 1]),
    new Flatten(),
    new Linear(channels, numClasses),
  );
  return new Sequential(...layers);
}
