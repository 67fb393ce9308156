import { AdaptiveAvgPool2d, Conv2d, Dropout, Flatten, MaxPool2d, ReLU, Sequential } from '@strata/nn';
import { type ModelOptions, resolveModelOptions } from './model-options.js';

/**
 * One NiN block: a `kernelSize` convolution followed by two 1x1 convolutions, each with ReLU
 * (the chapter's `nin_block`).
 *
 * @example
 * ```ts
 * const block = ninBlock(1, 96, 11, 4, 0);
 * ```
 */
export function ninBlock(
  inChannels: number,
  outChannels: number,
  kernelSize: number,
  stride: number,
  padding: number,
): Sequential {
  return new Sequential(
    new Conv2d(inChannels, outChannels, kernelSize, { stride, padding }),
    new ReLU(),
    new Conv2d(outChannels, outChannels, 1),
    new ReLU(),
    new Conv2d(outChannels, outChannels, 1),
    new ReLU(),
  );
}

/**
 * d2l's Network in Network: four NiN blocks with 3x3 stride-2 max pools between them, dropout,
 * and global average pooling over a last block with one channel per class; no linear layer.
 *
 * @example
 * ```ts
 * const net = nin({ ratio: 4 });
 * net.forward(rand([1, 1, 224, 224])).shape; // [1, 10]
 * ```
 */
export function nin(options: ModelOptions = {}): Sequential {
  const { inChannels, numClasses, width } = resolveModelOptions('nin', options);
  const [c1, c2, c3] = [width(96), width(256), width(384)];
  return new Sequential(
    ninBlock(inChannels, c1, 11, 4, 0),
    new MaxPool2d(3, { stride: 2 }),
    ninBlock(c1, c2, 5, 1, 2),
    new MaxPool2d(3, { stride: 2 }),
    ninBlock(c2, c3, 3, 1, 1),
    new MaxPool2d(3, { stride: 2 }),
    new Dropout(0.5),
    ninBlock(c3, numClasses, 3, 1, 1),
    new AdaptiveAvgPool2d([1, 1]),
    new Flatten(),
  );
}
