import '@strata/backend-cpu';
import { ArgumentError, zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { LinearWarmup } from './linear-warmup.js';
import type { LRScheduler } from './lr-scheduler.js';
import { MultiStepLR } from './multi-step-lr.js';
import { OneCycleLR } from './one-cycle-lr.js';
import { SGD } from './sgd.js';
import { StepLR } from './step-lr.js';

const sgd = () => new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });

// Each scheduler built for a run of `epochs` (what `strata train` derives its schedule from),
// and the setting that changes with it.
const SCHEDULERS: { name: string; build: (opt: SGD, epochs: number) => LRScheduler; changed: RegExp }[] = [
  {
    name: 'StepLR',
    build: (opt, epochs) => new StepLR(opt, { stepSize: Math.max(1, Math.floor(epochs / 3)) }),
    changed: /saved with stepSize 2 \(this scheduler: 3\)/,
  },
  {
    name: 'MultiStepLR',
    build: (opt, epochs) => new MultiStepLR(opt, { milestones: [Math.floor(epochs / 2), epochs - 1] }),
    changed: /saved with milestones \[3, 5\] \(this scheduler: \[4, 8\]\)/,
  },
  {
    name: 'CosineAnnealingLR',
    build: (opt, epochs) => new CosineAnnealingLR(opt, { tMax: epochs }),
    changed: /saved with tMax 6 \(this scheduler: 9\)/,
  },
  {
    name: 'OneCycleLR',
    build: (opt, epochs) => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: epochs * 4 }),
    changed: /saved with totalSteps 24 \(this scheduler: 36\)/,
  },
  {
    name: 'LinearWarmup',
    build: (opt, epochs) => new LinearWarmup(opt, { warmupSteps: epochs }),
    changed: /saved with warmupSteps 6 \(this scheduler: 9\)/,
  },
];

function lrs(scheduler: LRScheduler, steps: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    scheduler.step();
    out.push(scheduler.optimizer.paramGroups[0]!.lr);
  }
  return out;
}

describe('resuming a schedule', () => {
  for (const { name, build, changed } of SCHEDULERS) {
    describe(name, () => {
      it('continues exactly when rebuilt with the same settings', () => {
        const whole = build(sgd(), 6);
        const expected = lrs(whole, 5);
        const first = build(sgd(), 6);
        lrs(first, 2);
        const resumed = build(sgd(), 6);
        resumed.loadStateDict(first.stateDict());
        expect(lrs(resumed, 3)).toEqual(expected.slice(2));
      });

      it('refuses the state of a schedule with other settings, naming them, and changes nothing', () => {
        const saved = build(sgd(), 6);
        lrs(saved, 2);
        const opt = sgd();
        const longer = build(opt, 9);
        const before = {
          lastEpoch: longer.lastEpoch,
          lr: opt.paramGroups[0]!.lr,
          momentum: opt.paramGroups[0]!.momentum,
        };
        const error = (() => {
          try {
            longer.loadStateDict(saved.stateDict());
          } catch (e) {
            return e as Error;
          }
        })();
        expect(error).toBeInstanceOf(ArgumentError);
        expect(error!.message).toMatch(
          new RegExp(`^${name}\\.loadStateDict: expected the state of this schedule, got one`),
        );
        expect(error!.message).toMatch(changed);
        expect(error!.message).toMatch(
          /build the scheduler with the saved settings, or start a new run to change them\.$/,
        );
        expect({
          lastEpoch: longer.lastEpoch,
          lr: opt.paramGroups[0]!.lr,
          momentum: opt.paramGroups[0]!.momentum,
        }).toEqual(before);
      });

      it('loads a state saved without settings unchecked', () => {
        const saved = build(sgd(), 6);
        lrs(saved, 2);
        const { settings: _, ...old } = saved.stateDict();
        const resumed = build(sgd(), 6);
        resumed.loadStateDict(old);
        expect(resumed.lastEpoch).toBe(2);
      });
    });
  }
});
