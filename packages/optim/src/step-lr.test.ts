import '@strata/backend-cpu';
import { zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { SGD } from './sgd.js';
import { StepLR } from './step-lr.js';

describe('StepLR', () => {
  const opt = (): SGD => new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });

  it('decays by gamma every stepSize epochs', () => {
    const scheduler = new StepLR(opt(), { stepSize: 2, gamma: 0.5 });
    const lrs = [scheduler.getLastLr()[0]];
    for (let i = 0; i < 5; i++) {
      scheduler.step();
      lrs.push(scheduler.getLastLr()[0]);
    }
    expect(lrs).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('validates its options', () => {
    expect(() => new StepLR(opt(), { stepSize: 0 })).toThrow(
      /StepLR: expected stepSize to be a positive integer, got 0/,
    );
    expect(() => new StepLR(opt(), { stepSize: 1.5 })).toThrow(/got 1.5/);
    expect(() => new StepLR(opt(), { stepSize: 2, gamma: 0 })).toThrow(
      /StepLR: expected gamma to be a finite number > 0, got 0/,
    );
    expect(() => new StepLR(opt(), undefined as never)).toThrow(
      /StepLR: expected options \{ stepSize, gamma\? \}, got undefined/,
    );
  });

  it('leaves the optimizer untouched when the options are invalid', () => {
    const o = opt();
    expect(() => new StepLR(o, { stepSize: -1 })).toThrow();
    expect(o.paramGroups[0]!.initialLr).toBeUndefined();
  });
});
