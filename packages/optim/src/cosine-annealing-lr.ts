import { checkOptions, optionKeys } from '@strata/core';
import { checkOption, isIntegerAtLeast, isNumber } from './check.js';
import { LRScheduler, type ScheduleSettings } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';

/**
 * The options of {@link CosineAnnealingLR}.
 *
 * @example
 * ```ts
 * const options: CosineAnnealingLROptions = { tMax: 100, etaMin: 1e-5 };
 * ```
 */
export interface CosineAnnealingLROptions {
  /** Epochs from the base learning rate down to `etaMin`, a positive integer. */
  tMax: number;
  /** The smallest learning rate, >= 0. Default 0. */
  etaMin?: number;
}

/**
 * Anneals each learning rate along a cosine from its base value to `etaMin` over `tMax` epochs,
 * PyTorch's `CosineAnnealingLR` in its closed form:
 * `lr = etaMin + (baseLr - etaMin) * (1 + cos(pi * lastEpoch / tMax)) / 2`. Past `tMax` the
 * cosine rises again, as PyTorch's does.
 *
 * @example
 * ```ts
 * const scheduler = new CosineAnnealingLR(opt, { tMax: epochs });
 * for (let epoch = 0; epoch < epochs; epoch++) { train(); scheduler.step(); }
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Epochs of the half cosine. */
  readonly tMax: number;
  /** The smallest learning rate. */
  readonly etaMin: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    checkOption(
      options !== null && typeof options === 'object',
      'CosineAnnealingLR',
      'options { tMax, etaMin? }',
      options,
    );
    checkOptions('CosineAnnealingLR', options, optionKeys<CosineAnnealingLROptions>({ tMax: true, etaMin: true }));
    const { tMax, etaMin = 0 } = options;
    checkOption(isIntegerAtLeast(tMax, 1), 'CosineAnnealingLR', 'tMax to be a positive integer', tMax);
    checkOption(
      isNumber(etaMin) && etaMin >= 0 && Number.isFinite(etaMin),
      'CosineAnnealingLR',
      'etaMin to be a finite number >= 0',
      etaMin,
    );
    super(optimizer);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.step();
  }

  protected override getLr(): number[] {
    const cosine = 1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax);
    return this.baseLrs.map((lr) => this.etaMin + ((lr - this.etaMin) * cosine) / 2);
  }

  protected override settings(): ScheduleSettings {
    return { tMax: this.tMax, etaMin: this.etaMin };
  }
}
