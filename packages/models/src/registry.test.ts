import '@strata/backend-cpu';
import { rand } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { alexnet } from './alexnet.js';
import { DenseBlock, transitionBlock } from './densenet.js';
import { lenet } from './lenet.js';
import { createModel, MODELS } from './registry.js';
import { VGG11_ARCH, vgg, vggBlock } from './vgg.js';

describe('createModel', () => {
  it('builds every model by name and runs it at its input size', () => {
    for (const [name, entry] of Object.entries(MODELS)) {
      const net = createModel(name, { ratio: 16 });
      expect(net.forward(rand([2, 1, entry.inputSize, entry.inputSize])).shape, name).toEqual([2, 10]);
    }
  });

  it('names the valid models when given an unknown one', () => {
    expect(() => createModel('resnet19')).toThrow(
      "createModel: unknown model 'resnet19'; expected one of lenet, lenet-modern, bn-lenet, alexnet, vgg11, nin, googlenet, resnet18, resnet34, densenet.",
    );
  });

  it('takes channels, classes and a width ratio', () => {
    const net = createModel('resnet18', { inChannels: 3, numClasses: 5, ratio: 8 });
    expect(net.forward(rand([2, 3, 32, 32])).shape).toEqual([2, 5]);
    expect(net.stateDict()['0.0.weight']!.shape).toEqual([8, 3, 7, 7]);
    expect(() => createModel('lenet', { ratio: 0.5 })).toThrow(/ratio to be a number >= 1/);
    expect(() => createModel('lenet', { numClasses: 0 })).toThrow(/numClasses to be an integer >= 1, got 0/);
  });

  it('sizes the classifier of LeNet, AlexNet and VGG from the input size, or says it is too small', () => {
    expect(lenet({ inputSize: 32 }).forward(rand([1, 1, 32, 32])).shape).toEqual([1, 10]);
    expect(alexnet({ inputSize: 96, ratio: 16 }).forward(rand([1, 1, 96, 96])).shape).toEqual([1, 10]);
    expect(() => alexnet({ inputSize: 28 })).toThrow(
      /alexnet: expected an input size that leaves every feature map at least 1x1, got inputSize 28/,
    );
    expect(() => vgg(VGG11_ARCH, { inputSize: 16 })).toThrow(/vgg: .*inputSize 16.*resize the images/);
  });

  it("builds the chapters' blocks", () => {
    expect(vggBlock(2, 3, 8).forward(rand([1, 3, 16, 16])).shape).toEqual([1, 8, 8, 8]);
    const block = new DenseBlock(2, 3, 10);
    expect(block.forward(rand([4, 3, 8, 8])).shape).toEqual([4, 23, 8, 8]);
    expect(transitionBlock(23, 10).forward(rand([4, 23, 8, 8])).shape).toEqual([4, 10, 4, 4]);
  });
});
