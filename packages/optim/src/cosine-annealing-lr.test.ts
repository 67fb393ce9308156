import '@strata/backend-cpu';
import { zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { SGD } from './sgd.js';

describe('CosineAnnealingLR', () => {
  const opt = (): SGD => new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });

  it('reaches etaMin at tMax and halfway at tMax / 2', () => {
    const scheduler = new CosineAnnealingLR(opt(), { tMax: 4, etaMin: 0.2 });
    scheduler.step();
    scheduler.step();
    expect(scheduler.getLastLr()[0]).toBeCloseTo(0.6, 15);
    scheduler.step();
    scheduler.step();
    expect(scheduler.getLastLr()[0]).toBeCloseTo(0.2, 15);
  });

  it('validates its options', () => {
    expect(() => new CosineAnnealingLR(opt(), { tMax: 0 })).toThrow(
      /CosineAnnealingLR: expected tMax to be a positive integer, got 0/,
    );
    expect(() => new CosineAnnealingLR(opt(), { tMax: 10, etaMin: -1 })).toThrow(
      /expected etaMin to be a finite number >= 0, got -1/,
    );
  });
});
