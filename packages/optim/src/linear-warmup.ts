import { checkOptions, optionKeys } from '@strata/core';
import { checkOption, isIntegerAtLeast, isNumber } from './check.js';
import { LRScheduler, type ScheduleSettings } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';

/**
 * The options of {@link LinearWarmup}.
 *
 * @example
 * ```ts
 * const options: LinearWarmupOptions = { warmupSteps: 500, startFactor: 0.01 };
 * ```
 */
export interface LinearWarmupOptions {
  /** Steps until the learning rate reaches its base value, a positive integer (LinearLR's `total_iters`). */
  warmupSteps: number;
  /** The fraction of the base learning rate at step 0, in (0, 1]. Default 1/3, as LinearLR's `start_factor`. */
  startFactor?: number;
}

/**
 * Raises each learning rate linearly from `startFactor * baseLr` to `baseLr` over
 * `warmupSteps` steps, then holds it. PyTorch has no class of this name: this is
 * `torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=startFactor, end_factor=1.0,
 * total_iters=warmupSteps)`, in its closed form
 * `lr = baseLr * (startFactor + (1 - startFactor) * min(warmupSteps, lastEpoch) / warmupSteps)`.
 *
 * @example
 * ```ts
 * const warmup = new LinearWarmup(opt, { warmupSteps: 100, startFactor: 0.1 });
 * for (const batch of batches) { trainStep(batch); warmup.step(); }
 * ```
 */
export class LinearWarmup extends LRScheduler {
  /** Steps of the warmup. */
  readonly warmupSteps: number;
  /** The fraction of the base learning rate at step 0. */
  readonly startFactor: number;

  constructor(optimizer: Optimizer, options: LinearWarmupOptions) {
    checkOption(
      options !== null && typeof options === 'object',
      'LinearWarmup',
      'options { warmupSteps, startFactor? }',
      options,
    );
    checkOptions('LinearWarmup', options, optionKeys<LinearWarmupOptions>({ warmupSteps: true, startFactor: true }));
    const { warmupSteps, startFactor = 1 / 3 } = options;
    checkOption(isIntegerAtLeast(warmupSteps, 1), 'LinearWarmup', 'warmupSteps to be a positive integer', warmupSteps);
    checkOption(
      isNumber(startFactor) && startFactor > 0 && startFactor <= 1,
      'LinearWarmup',
      'startFactor in (0, 1] (a fraction of the base learning rate)',
      startFactor,
    );
    super(optimizer);
    this.warmupSteps = warmupSteps;
    this.startFactor = startFactor;
    this.step();
  }

  protected override getLr(): number[] {
    const done = Math.min(this.warmupSteps, this.lastEpoch);
    return this.baseLrs.map((lr) => lr * (this.startFactor + ((1 - this.startFactor) * done) / this.warmupSteps));
  }

  protected override settings(): ScheduleSettings {
    return { warmupSteps: this.warmupSteps, startFactor: this.startFactor };
  }
}
