import '@strata/backend-cpu';
import { rand } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { lenet } from './lenet.js';
import { Residual } from './resnet.js';
import { resnet18 } from './resnet.js';
import { summary } from './summary.js';

// The printed tables of the d2l LeNet and ResNet chapters, with torch.Size([...]) read
// as [...].
const LENET_TABLE = `Conv2d output shape:\t [1, 6, 28, 28]
Sigmoid output shape:\t [1, 6, 28, 28]
AvgPool2d output shape:\t [1, 6, 14, 14]
Conv2d output shape:\t [1, 16, 10, 10]
Sigmoid output shape:\t [1, 16, 10, 10]
AvgPool2d output shape:\t [1, 16, 5, 5]
Flatten output shape:\t [1, 400]
Linear output shape:\t [1, 120]
Sigmoid output shape:\t [1, 120]
Linear output shape:\t [1, 84]
Sigmoid output shape:\t [1, 84]
Linear output shape:\t [1, 10]`;

const RESNET_TABLE = `Sequential output shape:\t [1, 64, 56, 56]
Sequential output shape:\t [1, 64, 56, 56]
Sequential output shape:\t [1, 128, 28, 28]
Sequential output shape:\t [1, 256, 14, 14]
Sequential output shape:\t [1, 512, 7, 7]
AdaptiveAvgPool2d output shape:\t [1, 512, 1, 1]
Flatten output shape:\t [1, 512]
Linear output shape:\t [1, 10]`;

describe("the chapters' shape checks", () => {
  it('LeNet on a 28x28 image', () => {
    expect(summary(lenet(), [1, 1, 28, 28], { print: false }).chapterLines().join('\n')).toBe(LENET_TABLE);
  });

  it('ResNet-18 on a 224x224 image', () => {
    expect(summary(resnet18(), [1, 1, 224, 224], { print: false }).chapterLines().join('\n')).toBe(RESNET_TABLE);
  });

  it('residual blocks keep or halve the shape', () => {
    const x = rand([4, 3, 6, 6]);
    expect(new Residual(3, 3).forward(x).shape).toEqual([4, 3, 6, 6]);
    expect(new Residual(3, 6, { use1x1conv: true, strides: 2 }).forward(x).shape).toEqual([4, 6, 3, 3]);
  });

  it('a residual block without a 1x1 shortcut refuses a change of shape', () => {
    expect(() => new Residual(3, 6)).toThrow(/inputChannels === numChannels.*use1x1conv: true/);
  });
});
