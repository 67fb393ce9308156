import '@strata/backend-cpu';
import { zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/schedulers.json' with { type: 'json' };
import { Adam } from './adam.js';
import { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
import { LinearWarmup, type LinearWarmupOptions } from './linear-warmup.js';
import type { LRScheduler } from './lr-scheduler.js';
import { MultiStepLR, type MultiStepLROptions } from './multi-step-lr.js';
import { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr.js';
import type { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';
import { StepLR, type StepLROptions } from './step-lr.js';

/**
 * Closed forms against PyTorch's chainable updates, which round differently: the learning
 * rates agree to a few ulps (measured: 3e-15 relative, after the cosine passes tMax).
 */
const LR_RTOL = 1e-12;

interface SchedulerCase {
  name: string;
  scheduler: 'StepLR' | 'MultiStepLR' | 'CosineAnnealingLR' | 'OneCycleLR' | 'LinearWarmup';
  options: Record<string, unknown>;
  optimizer: { optimizer: 'SGD' | 'Adam'; groups: Record<string, number>[] };
  lrs: number[][];
  momenta?: number[][];
}

const CASES = fixtures.cases as unknown as SchedulerCase[];

function makeOptimizer(c: SchedulerCase): Optimizer {
  const groups = c.optimizer.groups.map((options) => ({ ...options, params: [zeros([2], { requiresGrad: true })] }));
  return c.optimizer.optimizer === 'SGD' ? new SGD(groups, { lr: 1 }) : new Adam(groups);
}

function makeScheduler(c: SchedulerCase, opt: Optimizer): LRScheduler {
  switch (c.scheduler) {
    case 'StepLR':
      return new StepLR(opt, c.options as unknown as StepLROptions);
    case 'MultiStepLR':
      return new MultiStepLR(opt, c.options as unknown as MultiStepLROptions);
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(opt, c.options as unknown as CosineAnnealingLROptions);
    case 'OneCycleLR':
      return new OneCycleLR(opt, c.options as unknown as OneCycleLROptions);
    case 'LinearWarmup':
      return new LinearWarmup(opt, c.options as unknown as LinearWarmupOptions);
  }
}

function momenta(opt: Optimizer): number[] {
  return opt.paramGroups.map((g) => {
    const options = g as unknown as { momentum?: number; betas?: [number, number] };
    return options.betas === undefined ? options.momentum! : options.betas[0];
  });
}

function expectNumbersClose(actual: number[], expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (Math.abs(a - e) > LR_RTOL * Math.abs(e))
      expect.fail(`${label}: group ${i} is ${a}, expected ${e} (rtol ${LR_RTOL})`);
  });
}

describe('LR schedulers against PyTorch', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const opt = makeOptimizer(c);
    const scheduler = makeScheduler(c, opt);
    c.lrs.forEach((expected, epoch) => {
      if (epoch > 0) {
        opt.step();
        scheduler.step();
      }
      expect(scheduler.lastEpoch).toBe(epoch);
      expectNumbersClose(scheduler.getLastLr(), expected, `${c.name} epoch ${epoch}`);
      expect(opt.paramGroups.map((g) => g.lr)).toEqual(scheduler.getLastLr());
      if (c.momenta) expectNumbersClose(momenta(opt), c.momenta[epoch]!, `${c.name} momentum at epoch ${epoch}`);
    });
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: resumes exactly from stateDict at epoch 10', (_, c) => {
    const opt = makeOptimizer(c);
    const scheduler = makeScheduler(c, opt);
    for (let i = 0; i < 10; i++) scheduler.step();
    const resumedOpt = makeOptimizer(c);
    const resumed = makeScheduler(c, resumedOpt);
    resumed.loadStateDict(scheduler.stateDict());
    resumedOpt.loadStateDict(opt.stateDict());
    expect(resumed.getLastLr()).toEqual(scheduler.getLastLr());
    for (let epoch = 11; epoch < c.lrs.length; epoch++) {
      scheduler.step();
      resumed.step();
      expect(resumed.getLastLr()).toEqual(scheduler.getLastLr());
      expect(momenta(resumedOpt)).toEqual(momenta(opt));
    }
    expectNumbersClose(resumed.getLastLr(), c.lrs.at(-1)!, `${c.name} last epoch`);
  });
});
