import '@strata/backend-cpu';
import { zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { MultiStepLR } from './multi-step-lr.js';
import { SGD } from './sgd.js';

describe('MultiStepLR', () => {
  const opt = (): SGD => new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });

  it('decays at each milestone, once per repeat, in any order', () => {
    const scheduler = new MultiStepLR(opt(), { milestones: [3, 1, 3], gamma: 0.5 });
    expect(scheduler.milestones).toEqual([1, 3, 3]);
    const lrs = [scheduler.getLastLr()[0]];
    for (let i = 0; i < 4; i++) {
      scheduler.step();
      lrs.push(scheduler.getLastLr()[0]);
    }
    expect(lrs).toEqual([1, 0.5, 0.5, 0.125, 0.125]);
  });

  it('validates its options', () => {
    expect(() => new MultiStepLR(opt(), { milestones: [2, -1] })).toThrow(
      /MultiStepLR: expected milestones to be an array of integers >= 0, got \[2, -1\]/,
    );
    expect(() => new MultiStepLR(opt(), { milestones: 3 as never })).toThrow(/got 3/);
    expect(() => new MultiStepLR(opt(), { milestones: [2], gamma: Number.NaN })).toThrow(
      /expected gamma to be a finite number > 0, got NaN/,
    );
  });
});
