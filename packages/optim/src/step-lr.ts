import { checkOptions, optionKeys } from '@strata/core';
import { checkOption, isIntegerAtLeast, isNumber } from './check.js';
import { LRScheduler, type ScheduleSettings } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';

/**
 * The options of {@link StepLR}.
 *
 * @example
 * ```ts
 * const options: StepLROptions = { stepSize: 30, gamma: 0.1 };
 * ```
 */
export interface StepLROptions {
  /** Epochs between decays, a positive integer. */
  stepSize: number;
  /** The factor applied every `stepSize` epochs, > 0. Default 0.1. */
  gamma?: number;
}

/**
 * Decays each learning rate by `gamma` every `stepSize` epochs, PyTorch's `StepLR`:
 * `lr = baseLr * gamma ** floor(lastEpoch / stepSize)`.
 *
 * @example
 * ```ts
 * const scheduler = new StepLR(opt, { stepSize: 30, gamma: 0.1 }); // 0.1 for epochs 0-29, 0.01 for 30-59, ...
 * for (let epoch = 0; epoch < 90; epoch++) { train(); scheduler.step(); }
 * ```
 */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  readonly stepSize: number;
  /** The decay factor. */
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: StepLROptions) {
    checkOption(options !== null && typeof options === 'object', 'StepLR', 'options { stepSize, gamma? }', options);
    checkOptions('StepLR', options, optionKeys<StepLROptions>({ stepSize: true, gamma: true }));
    const { stepSize, gamma = 0.1 } = options;
    checkOption(isIntegerAtLeast(stepSize, 1), 'StepLR', 'stepSize to be a positive integer', stepSize);
    checkOption(
      isNumber(gamma) && gamma > 0 && Number.isFinite(gamma),
      'StepLR',
      'gamma to be a finite number > 0',
      gamma,
    );
    super(optimizer);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.step();
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }

  protected override settings(): ScheduleSettings {
    return { stepSize: this.stepSize, gamma: this.gamma };
  }
}
