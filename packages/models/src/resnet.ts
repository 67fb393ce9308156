import { ArgumentError, checkOptions, type Tensor } from '@strata/core';
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
} from '@strata/nn';
import { type ModelOptions, positiveInteger, resolveModelOptions } from './model-options.js';

/**
 * Options of {@link Residual}.
 *
 * @example
 * ```ts
 * const options: ResidualOptions = { use1x1conv: true, strides: 2 };
 * ```
 */
export interface ResidualOptions {
  /** Pass the shortcut through a 1x1 convolution (`conv3`) so that its shape matches; `false` by default. */
  use1x1conv?: boolean;
  /** Stride of the first 3x3 convolution and of the 1x1 shortcut; 1 by default. */
  strides?: number;
}

/**
 * The residual block of the ResNet chapter: two 3x3 convolutions with batch norm, ReLU between,
 * the input (through a 1x1 convolution when `use1x1conv`) added before the last ReLU. Keys:
 * `conv1`, `conv2`, `conv3` (only with `use1x1conv`), `bn1`, `bn2`.
 *
 * @example
 * ```ts
 * new Residual(3, 3).forward(rand([4, 3, 6, 6])).shape;                                  // [4, 3, 6, 6]
 * new Residual(3, 6, { use1x1conv: true, strides: 2 }).forward(rand([4, 3, 6, 6])).shape; // [4, 6, 3, 3]
 * ```
 */
export class Residual extends Module {
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  readonly conv3: Conv2d | null;
  readonly bn1: BatchNorm2d;
  readonly bn2: BatchNorm2d;

  constructor(inputChannels: number, numChannels: number, options: ResidualOptions = {}) {
    super();
    checkOptions('Residual', options, ['use1x1conv', 'strides']);
    const strides = positiveInteger('Residual', 'strides', options.strides ?? 1);
    this.conv1 = new Conv2d(inputChannels, numChannels, 3, { padding: 1, stride: strides });
    this.conv2 = new Conv2d(numChannels, numChannels, 3, { padding: 1 });
    if (options.use1x1conv === true) {
      this.conv3 = new Conv2d(inputChannels, numChannels, 1, { stride: strides });
    } else {
      if (inputChannels !== numChannels || strides !== 1) {
        throw new ArgumentError(
          `Residual: expected inputChannels === numChannels and strides 1 without a 1x1 shortcut, got ${inputChannels} -> ${numChannels} with strides ${strides}; pass { use1x1conv: true }.`,
        );
      }
      this.conv3 = null;
    }
    this.bn1 = new BatchNorm2d(numChannels);
    this.bn2 = new BatchNorm2d(numChannels);
  }

  /** `relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))`. */
  forward(x: Tensor): Tensor {
    const y = this.bn2.forward(this.conv2.forward(this.bn1.forward(this.conv1.forward(x)).relu()));
    const shortcut = this.conv3 === null ? x : this.conv3.forward(x);
    return y.add(shortcut).relu();
  }
}

/**
 * A ResNet stage: `numResiduals` residual blocks; unless `firstBlock`, the first one doubles
 * the channels with a 1x1 shortcut and halves height and width (the chapter's `resnet_block`).
 *
 * @example
 * ```ts
 * const b3 = new Sequential(...resnetBlock(64, 128, 2));
 * ```
 */
export function resnetBlock(
  inputChannels: number,
  numChannels: number,
  numResiduals: number,
  firstBlock = false,
): Residual[] {
  positiveInteger('resnetBlock', 'numResiduals', numResiduals);
  const blocks: Residual[] = [];
  for (let i = 0; i < numResiduals; i++) {
    blocks.push(
      i === 0 && !firstBlock
        ? new Residual(inputChannels, numChannels, { use1x1conv: true, strides: 2 })
        : new Residual(numChannels, numChannels),
    );
  }
  return blocks;
}

function resnet(model: string, residuals: readonly number[], options: ModelOptions): Sequential {
  const { inChannels, numClasses, width } = resolveModelOptions(model, options);
  const c = [width(64), width(128), width(256), width(512)] as const;
  const b1 = new Sequential(
    new Conv2d(inChannels, c[0], 7, { stride: 2, padding: 3 }),
    new BatchNorm2d(c[0]),
    new ReLU(),
    new MaxPool2d(3, { stride: 2, padding: 1 }),
  );
  const stages = residuals.map((n, i) => new Sequential(...resnetBlock(i === 0 ? c[0] : c[i - 1]!, c[i]!, n, i === 0)));
  return new Sequential(b1, ...stages, new AdaptiveAvgPool2d([1, 1]), new Flatten(), new Linear(c[3], numClasses));
}

/**
 * d2l's ResNet-18: a 7x7 stem with batch norm and max pool, four stages of two residual blocks
 * (64, 128, 256, 512 channels), global average pooling and a linear layer. `ratio` divides the
 * channels (`ratio: 4` gives 16 ... 128).
 *
 * @example
 * ```ts
 * const net = resnet18();
 * net.forward(rand([1, 1, 224, 224])).shape; // [1, 10]
 * ```
 */
export function resnet18(options: ModelOptions = {}): Sequential {
  return resnet('resnet18', [2, 2, 2, 2], options);
}

/**
 * ResNet-34 built the chapter's way: stages of 3, 4, 6 and 3 residual blocks.
 *
 * @example
 * ```ts
 * const net = resnet34({ ratio: 4 });
 * ```
 */
export function resnet34(options: ModelOptions = {}): Sequential {
  return resnet('resnet34', [3, 4, 6, 3], options);
}
