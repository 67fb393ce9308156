import { checkOptions, optionKeys } from '@strata/core';
import { checkOption, isIntegerAtLeast, isNumber } from './check.js';
import { LRScheduler, type ScheduleSettings } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';

/**
 * The options of {@link MultiStepLR}.
 *
 * @example
 * ```ts
 * const options: MultiStepLROptions = { milestones: [30, 80], gamma: 0.1 };
 * ```
 */
export interface MultiStepLROptions {
  /** Epochs at which to decay, integers >= 0 in any order; a repeated epoch decays once per repeat. */
  milestones: readonly number[];
  /** The factor applied at each milestone, > 0. Default 0.1. */
  gamma?: number;
}

/**
 * Decays each learning rate by `gamma` at every milestone epoch, PyTorch's `MultiStepLR`:
 * `lr = baseLr * gamma ** (number of milestones <= lastEpoch)`.
 *
 * @example
 * ```ts
 * const scheduler = new MultiStepLR(opt, { milestones: [30, 80] }); // 0.1, then 0.01 from 30, 0.001 from 80
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step(); }
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** The milestones, sorted. */
  readonly milestones: readonly number[];
  /** The decay factor. */
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: MultiStepLROptions) {
    checkOption(
      options !== null && typeof options === 'object',
      'MultiStepLR',
      'options { milestones, gamma? }',
      options,
    );
    checkOptions('MultiStepLR', options, optionKeys<MultiStepLROptions>({ milestones: true, gamma: true }));
    const { milestones, gamma = 0.1 } = options;
    checkOption(
      Array.isArray(milestones) && milestones.every((m) => isIntegerAtLeast(m, 0)),
      'MultiStepLR',
      'milestones to be an array of integers >= 0',
      milestones,
    );
    checkOption(
      isNumber(gamma) && gamma > 0 && Number.isFinite(gamma),
      'MultiStepLR',
      'gamma to be a finite number > 0',
      gamma,
    );
    super(optimizer);
    this.milestones = Object.freeze([...milestones].sort((a, b) => a - b));
    this.gamma = gamma;
    this.step();
  }

  protected override getLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((lr) => lr * this.gamma ** passed);
  }

  protected override settings(): ScheduleSettings {
    return { milestones: this.milestones, gamma: this.gamma };
  }
}
