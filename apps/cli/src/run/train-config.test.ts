import { describe, expect, it } from 'vitest';
import { checkConfig, DEFAULT_CONFIG, inputSize } from './train-config.js';

describe('train config', () => {
  it('fills defaults and keeps given values', () => {
    expect(checkConfig({})).toEqual(DEFAULT_CONFIG);
    const c = checkConfig({ model: 'resnet18', epochs: 8, widthRatio: 8, resize: 28, scheduler: 'onecycle' });
    expect(c).toMatchObject({
      model: 'resnet18',
      epochs: 8,
      widthRatio: 8,
      resize: 28,
      scheduler: 'onecycle',
      optimizer: 'adam',
    });
    expect(inputSize(c)).toBe(28);
    expect(inputSize(checkConfig({ model: 'resnet18' }))).toBe(96);
  });

  it('names the key and the valid values of a bad config', () => {
    expect(() => checkConfig({ modle: 'lenet' } as never)).toThrow(
      /^unknown config key modle; expected model, dataset, /,
    );
    expect(() => checkConfig({ model: 'vgg16' })).toThrow(
      'unknown model "vgg16"; expected one of lenet, lenet-modern,',
    );
    expect(() => checkConfig({ epochs: 0 })).toThrow('expected --epochs to be an integer >= 1, got 0.');
    expect(() => checkConfig({ lr: -1 })).toThrow('expected --lr to be a number >= 0, got -1.');
    expect(() => checkConfig({ optimizer: 'rmsprop' as never })).toThrow(
      'expected --optimizer to be one of sgd, adam, adamw, got "rmsprop".',
    );
    expect(() => checkConfig({ augment: 'yes' as never })).toThrow(
      'expected --augment to be true or false, got "yes".',
    );
    expect(() => checkConfig({ cropPadding: -1 })).toThrow('expected --crop-padding to be an integer >= 0, got -1.');
    expect(() => checkConfig({ resize: 2.5 })).toThrow('expected --resize to be an integer in 1..1024, got 2.5.');
    expect(() => checkConfig({ resize: 20000 })).toThrow('expected --resize to be an integer in 1..1024, got 20000.');
    expect(() => checkConfig({ seed: 2 ** 32 })).toThrow(
      'expected --seed to be an integer in 0..2147483646, got 4294967296.',
    );
  });
});
