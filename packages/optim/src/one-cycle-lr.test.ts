import '@strata/backend-cpu';
import { zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { OneCycleLR } from './one-cycle-lr.js';
import { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';

class Plain extends Optimizer {
  protected updateGroup(): void {}
}

describe('OneCycleLR', () => {
  const sgd = (groups = 1): SGD =>
    new SGD(
      Array.from({ length: groups }, () => ({ params: [zeros([1], { requiresGrad: true })] })),
      { lr: 1, momentum: 0.9 },
    );

  it('sets lr to maxLr / divFactor and momentum to maxMomentum at construction', () => {
    const opt = sgd();
    new OneCycleLR(opt, { maxLr: 0.5, totalSteps: 10, divFactor: 10 });
    expect(opt.paramGroups[0]).toMatchObject({ initialLr: 0.05, momentum: 0.95 });
    expect(opt.paramGroups[0]!.lr).toBeCloseTo(0.05, 15);
  });

  it("cycles Adam's beta1 down to baseMomentum at the peak lr and keeps beta2", () => {
    const opt = new Adam([zeros([1], { requiresGrad: true })], { betas: [0.9, 0.99] });
    const scheduler = new OneCycleLR(opt, { maxLr: 0.01, totalSteps: 10 });
    scheduler.step();
    scheduler.step();
    expect(scheduler.getLastLr()).toEqual([0.01]);
    expect(opt.paramGroups[0]!.betas).toEqual([0.85, 0.99]);
  });

  it('throws past totalSteps and stays usable', () => {
    const scheduler = new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 3 });
    for (let i = 0; i < 3; i++) scheduler.step();
    const last = scheduler.getLastLr();
    expect(() => scheduler.step()).toThrow(/OneCycleLR.step: expected at most totalSteps \(3\) steps, got step 4/);
    expect(scheduler.lastEpoch).toBe(3);
    expect(scheduler.getLastLr()).toEqual(last);
  });

  it('validates its options', () => {
    expect(() => new OneCycleLR(sgd(), { maxLr: 1 })).toThrow(
      /OneCycleLR: expected totalSteps, or epochs and stepsPerEpoch/,
    );
    expect(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 0 })).toThrow(
      /expected totalSteps to be a positive integer, got 0/,
    );
    expect(() => new OneCycleLR(sgd(), { maxLr: 1, epochs: 2, stepsPerEpoch: 0.5 })).toThrow(
      /expected stepsPerEpoch to be a positive integer, got 0.5/,
    );
    expect(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow(
      /expected pctStart in \[0, 1\], got 1.5/,
    );
    expect(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, annealStrategy: 'exp' as never })).toThrow(
      /expected annealStrategy 'cos' or 'linear', got 'exp'/,
    );
    expect(() => new OneCycleLR(sgd(2), { maxLr: [1, 2, 3], totalSteps: 10 })).toThrow(
      /expected maxLr to be finite and >= 0, one number or one per param group \(2\), got \[1, 2, 3\]/,
    );
    expect(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, divFactor: 0 })).toThrow(
      /expected divFactor > 0, got 0/,
    );
    const plain = new Plain([zeros([1], { requiresGrad: true })], { lr: 1 });
    expect(() => new OneCycleLR(plain, { maxLr: 1, totalSteps: 10 })).toThrow(
      /OneCycleLR: expected an optimizer with momentum or betas when cycleMomentum is true, got Plain without either; pass cycleMomentum: false/,
    );
    expect(new OneCycleLR(plain, { maxLr: 1, totalSteps: 10, cycleMomentum: false }).getLastLr()[0]).toBeCloseTo(
      0.04,
      15,
    );
  });
});
