import '@strata/backend-cpu';
import { zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { LinearWarmup } from './linear-warmup.js';
import { SGD } from './sgd.js';

describe('LinearWarmup', () => {
  const opt = (): SGD => new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });

  it('rises linearly from startFactor to the base learning rate, then holds it', () => {
    const scheduler = new LinearWarmup(opt(), { warmupSteps: 4, startFactor: 0.2 });
    const lrs = [scheduler.getLastLr()[0]];
    for (let i = 0; i < 6; i++) {
      scheduler.step();
      lrs.push(scheduler.getLastLr()[0]);
    }
    expect(lrs.map((lr) => Number(lr!.toFixed(12)))).toEqual([0.2, 0.4, 0.6, 0.8, 1, 1, 1]);
  });

  it("defaults startFactor to LinearLR's 1/3", () => {
    expect(new LinearWarmup(opt(), { warmupSteps: 3 }).getLastLr()[0]).toBeCloseTo(1 / 3, 15);
  });

  it('validates its options', () => {
    expect(() => new LinearWarmup(opt(), { warmupSteps: 0 })).toThrow(
      /LinearWarmup: expected warmupSteps to be a positive integer, got 0/,
    );
    expect(() => new LinearWarmup(opt(), { warmupSteps: 5, startFactor: 0 })).toThrow(
      /LinearWarmup: expected startFactor in \(0, 1\] \(a fraction of the base learning rate\), got 0/,
    );
    expect(() => new LinearWarmup(opt(), { warmupSteps: 5, startFactor: 1.5 })).toThrow(/got 1.5/);
  });
});
