import '@strata/backend-cpu';
import { ArgumentError, zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { LinearWarmup } from './linear-warmup.js';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';
import { StepLR } from './step-lr.js';

class HalvingLR extends LRScheduler {
  constructor(optimizer: Optimizer) {
    super(optimizer);
    this.step();
  }
  protected getLr(): number[] {
    return this.baseLrs.map((lr) => lr * 0.5 ** this.lastEpoch);
  }
}

function sgd(...lrs: number[]): SGD {
  return new SGD(
    lrs.map((lr) => ({ params: [zeros([1], { requiresGrad: true })], lr })),
    { lr: 1 },
  );
}

describe('LRScheduler', () => {
  it('applies epoch 0 on construction and records initialLr in the groups', () => {
    const opt = sgd(0.1, 0.2);
    const scheduler = new HalvingLR(opt);
    expect(scheduler.lastEpoch).toBe(0);
    expect(scheduler.baseLrs).toEqual([0.1, 0.2]);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([0.1, 0.2]);
    scheduler.step();
    expect(scheduler.getLastLr()).toEqual([0.05, 0.1]);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.05, 0.1]);
    expect(opt.stateDict().paramGroups[0]).toMatchObject({ lr: 0.05, initialLr: 0.1 });
  });

  it("takes baseLrs from a group's initialLr, as a second PyTorch scheduler does", () => {
    const opt = sgd(0.1);
    new LinearWarmup(opt, { warmupSteps: 5, startFactor: 0.1 });
    expect(opt.paramGroups[0]!.lr).toBeCloseTo(0.01, 15);
    const cosine = new CosineAnnealingLR(opt, { tMax: 10 });
    expect(cosine.baseLrs).toEqual([0.1]);
  });

  it('round-trips its state, restoring the groups lr whatever the order of loads', () => {
    const opt = sgd(0.1);
    const scheduler = new StepLR(opt, { stepSize: 2 });
    for (let i = 0; i < 5; i++) scheduler.step();
    const sd = scheduler.stateDict();
    expect(sd).toEqual({
      lastEpoch: 5,
      baseLrs: [0.1],
      lastLr: [0.1 * 0.1 ** 2],
      settings: { stepSize: 2, gamma: 0.1 },
    });
    const fresh = sgd(0.1);
    const resumed = new StepLR(fresh, { stepSize: 2 });
    resumed.loadStateDict(sd);
    expect(resumed.lastEpoch).toBe(5);
    expect(fresh.paramGroups[0]!.lr).toBe(sd.lastLr[0]);
    resumed.step();
    scheduler.step();
    expect(resumed.getLastLr()).toEqual(scheduler.getLastLr());
  });

  it('rejects a state dict that does not fit and keeps its own', () => {
    const scheduler = new StepLR(sgd(0.1, 0.2), { stepSize: 2 });
    expect(() => scheduler.loadStateDict({ lastEpoch: 3, baseLrs: [0.1], lastLr: [0.1] })).toThrow(
      /StepLR.loadStateDict: expected baseLrs to be 2 numbers, one per param group, got \[0.1\]/,
    );
    expect(() => scheduler.loadStateDict({ lastEpoch: -2, baseLrs: [0.1, 0.2], lastLr: [] })).toThrow(ArgumentError);
    expect(() => scheduler.loadStateDict(null as never)).toThrow(/got null/);
    expect(scheduler.lastEpoch).toBe(0);
  });

  it('refuses an optimizer whose group count changed, and a non-optimizer', () => {
    const opt = sgd(0.1);
    const scheduler = new HalvingLR(opt);
    opt.addParamGroup({ params: [zeros([1], { requiresGrad: true })] });
    expect(() => scheduler.step()).toThrow(
      /HalvingLR.step: expected 1 param groups \(as when the scheduler was created\), got 2/,
    );
    expect(scheduler.lastEpoch).toBe(0);
    expect(() => new HalvingLR({} as never)).toThrow(/HalvingLR: expected an Optimizer, got \[object Object\]/);
  });
});
