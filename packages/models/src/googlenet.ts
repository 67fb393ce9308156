import { cat, type Tensor } from '@strata/core';
import { AdaptiveAvgPool2d, Conv2d, Flatten, Linear, MaxPool2d, Module, ReLU, Sequential } from '@strata/nn';
import { type ModelOptions, resolveModelOptions } from './model-options.js';

/**
 * The Inception block of GoogLeNet: four parallel paths (1x1; 1x1 then 3x3; 1x1 then 5x5;
 * 3x3 max pool then 1x1), each with ReLU, concatenated along the channels. Its keys are the
 * chapter's (`p1_1`, `p2_1`, `p2_2`, `p3_1`, `p3_2`, `p4_2`).
 *
 * @example
 * ```ts
 * const block = new Inception(192, 64, [96, 128], [16, 32], 32);
 * block.forward(rand([1, 192, 12, 12])).shape; // [1, 256, 12, 12]
 * ```
 */
export class Inception extends Module {
  readonly p1_1: Conv2d;
  readonly p2_1: Conv2d;
  readonly p2_2: Conv2d;
  readonly p3_1: Conv2d;
  readonly p3_2: Conv2d;
  readonly p4_1: MaxPool2d;
  readonly p4_2: Conv2d;
  /** The channels of the output: `c1 + c2[1] + c3[1] + c4`. */
  readonly outChannels: number;

  constructor(
    inChannels: number,
    c1: number,
    c2: readonly [number, number],
    c3: readonly [number, number],
    c4: number,
  ) {
    super();
    this.p1_1 = new Conv2d(inChannels, c1, 1);
    this.p2_1 = new Conv2d(inChannels, c2[0], 1);
    this.p2_2 = new Conv2d(c2[0], c2[1], 3, { padding: 1 });
    this.p3_1 = new Conv2d(inChannels, c3[0], 1);
    this.p3_2 = new Conv2d(c3[0], c3[1], 5, { padding: 2 });
    this.p4_1 = new MaxPool2d(3, { stride: 1, padding: 1 });
    this.p4_2 = new Conv2d(inChannels, c4, 1);
    this.outChannels = c1 + c2[1] + c3[1] + c4;
  }

  /** Runs the four paths and concatenates them along dimension 1. */
  forward(x: Tensor): Tensor {
    const p1 = this.p1_1.forward(x).relu();
    const p2 = this.p2_2.forward(this.p2_1.forward(x).relu()).relu();
    const p3 = this.p3_2.forward(this.p3_1.forward(x).relu()).relu();
    const p4 = this.p4_2.forward(this.p4_1.forward(x)).relu();
    return cat([p1, p2, p3, p4], 1);
  }
}

/**
 * d2l's GoogLeNet: five stages (`b1` ... `b5`, nine Inception blocks) and a linear classifier;
 * the chapter trains it on 96x96 images. `ratio` divides every channel count.
 *
 * @example
 * ```ts
 * const net = googlenet({ ratio: 4 });
 * net.forward(rand([1, 1, 96, 96])).shape; // [1, 10]
 * ```
 */
export function googlenet(options: ModelOptions = {}): Sequential {
  const { inChannels, numClasses, width: w } = resolveModelOptions('googlenet', options);
  const inception = (cIn: number, c1: number, c2: [number, number], c3: [number, number], c4: number): Inception =>
    new Inception(cIn, w(c1), [w(c2[0]), w(c2[1])], [w(c3[0]), w(c3[1])], w(c4));
  const b1 = new Sequential(
    new Conv2d(inChannels, w(64), 7, { stride: 2, padding: 3 }),
    new ReLU(),
    new MaxPool2d(3, { stride: 2, padding: 1 }),
  );
  const b2 = new Sequential(
    new Conv2d(w(64), w(64), 1),
    new ReLU(),
    new Conv2d(w(64), w(192), 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(3, { stride: 2, padding: 1 }),
  );
  const b3a = inception(w(192), 64, [96, 128], [16, 32], 32);
  const b3b = inception(b3a.outChannels, 128, [128, 192], [32, 96], 64);
  const b3 = new Sequential(b3a, b3b, new MaxPool2d(3, { stride: 2, padding: 1 }));
  const b4a = inception(b3b.outChannels, 192, [96, 208], [16, 48], 64);
  const b4b = inception(b4a.outChannels, 160, [112, 224], [24, 64], 64);
  const b4c = inception(b4b.outChannels, 128, [128, 256], [24, 64], 64);
  const b4d = inception(b4c.outChannels, 112, [144, 288], [32, 64], 64);
  const b4e = inception(b4d.outChannels, 256, [160, 320], [32, 128], 128);
  const b4 = new Sequential(b4a, b4b, b4c, b4d, b4e, new MaxPool2d(3, { stride: 2, padding: 1 }));
  const b5a = inception(b4e.outChannels, 256, [160, 320], [32, 128], 128);
  const b5b = inception(b5a.outChannels, 384, [192, 384], [48, 128], 128);
  const b5 = new Sequential(b5a, b5b, new AdaptiveAvgPool2d([1, 1]), new Flatten());
  return new Sequential(b1, b2, b3, b4, b5, new Linear(b5b.outChannels, numClasses));
}
