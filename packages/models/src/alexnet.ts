import { Conv2d, MaxPool2d, ReLU, Sequential } from '@strata/nn';
import { classifierHead } from './classifier-head.js';
import { positiveInteger, type SizedModelOptions, resolveModelOptions, windowOutput } from './model-options.js';

/**
 * d2l's AlexNet for single-channel images: five convolutions (11x11 stride 4, 5x5, three 3x3),
 * three 3x3 stride-2 max pools, and two 4096-unit linear layers with dropout 0.5. At
 * `inputSize` 224 the first linear layer reads 6400 features, as in the chapter.
 *
 * @example
 * ```ts
 * const net = alexnet({ inputSize: 96, ratio: 8 }); // trainable on a laptop
 * ```
 */
export function alexnet(options: SizedModelOptions = {}): Sequential {
  const { inChannels, numClasses, width } = resolveModelOptions('alexnet', options, ['inputSize']);
  const inputSize = positiveInteger('alexnet', 'inputSize', options.inputSize ?? 224);
  const at = (size: number, kernel: number, stride: number, padding: number): number =>
    windowOutput('alexnet', inputSize, size, kernel, stride, padding);
  let size = at(inputSize, 11, 4, 1);
  size = at(size, 3, 2, 0);
  size = at(size, 3, 2, 0);
  size = at(size, 3, 2, 0);
  const [c1, c2, c3, hidden] = [width(96), width(256), width(384), width(4096)];
  return new Sequential(
    new Conv2d(inChannels, c1, 11, { stride: 4, padding: 1 }),
    new ReLU(),
    new MaxPool2d(3, { stride: 2 }),
    new Conv2d(c1, c2, 5, { padding: 2 }),
    new ReLU(),
    new MaxPool2d(3, { stride: 2 }),
    new Conv2d(c2, c3, 3, { padding: 1 }),
    new ReLU(),
    new Conv2d(c3, c3, 3, { padding: 1 }),
    new ReLU(),
    new Conv2d(c3, c2, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(3, { stride: 2 }),
    ...classifierHead(c2 * size * size, hidden, numClasses),
  );
}
