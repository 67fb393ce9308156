import { ArgumentError, StrataError, checkOptions, optionKeys } from '@strata/core';
import { checkOption, describe, isIntegerAtLeast, isNumber } from './check.js';
import { LRScheduler, type ScheduleSettings } from './lr-scheduler.js';
import { Optimizer, type OptimizerParamGroup } from './optimizer.js';

/**
 * The options of {@link OneCycleLR}, PyTorch's names in camelCase and its defaults. Give
 * `totalSteps`, or `epochs` and `stepsPerEpoch` (`totalSteps` wins when both are given).
 *
 * @example
 * ```ts
 * const options: OneCycleLROptions = { maxLr: 0.1, epochs: 10, stepsPerEpoch: 469 };
 * ```
 */
export interface OneCycleLROptions {
  /** The peak learning rate, one for all param groups or one per group, >= 0. */
  maxLr: number | readonly number[];
  /** Scheduler steps in the cycle, a positive integer. */
  totalSteps?: number;
  /** Epochs, with `stepsPerEpoch`, when `totalSteps` is not given. */
  epochs?: number;
  /** Steps per epoch, with `epochs`, when `totalSteps` is not given. */
  stepsPerEpoch?: number;
  /** The fraction of the cycle spent raising the learning rate, in [0, 1]. Default 0.3. */
  pctStart?: number;
  /** How to interpolate within a phase. Default 'cos'. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (SGD's `momentum`, Adam's `betas[0]`) inversely to the learning rate. Default true. */
  cycleMomentum?: boolean;
  /** The lowest momentum, reached at the peak learning rate; one or one per group. Default 0.85. */
  baseMomentum?: number | readonly number[];
  /** The highest momentum, at the start and end; one or one per group. Default 0.95. */
  maxMomentum?: number | readonly number[];
  /** The initial learning rate is `maxLr / divFactor`, > 0. Default 25. */
  divFactor?: number;
  /** The final learning rate is `maxLr / divFactor / finalDivFactor`, > 0. Default 1e4. */
  finalDivFactor?: number;
  /** Three phases (up, down to the initial lr, then annihilate) instead of two. Default false. */
  threePhase?: boolean;
}

type LrKey = 'initial' | 'max' | 'min';
type MomentumKey = 'max' | 'base';

interface Phase {
  endStep: number;
  startLr: LrKey;
  endLr: LrKey;
  startMomentum: MomentumKey;
  endMomentum: MomentumKey;
}

function perGroup(
  name: string,
  value: number | readonly number[],
  groups: number,
  contract: string,
  ok: (v: number) => boolean,
): number[] {
  const values = typeof value === 'number' ? new Array<number>(groups).fill(value) : value;
  checkOption(
    Array.isArray(values) && values.length === groups && values.every((v) => isNumber(v) && ok(v)),
    'OneCycleLR',
    `${name} to be ${contract}, one number or one per param group (${groups})`,
    value,
  );
  return [...values];
}

function anneal(strategy: 'cos' | 'linear', start: number, end: number, pct: number): number {
  if (strategy === 'linear') return (end - start) * pct + start;
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2) * cosOut;
}

/**
 * The 1cycle policy, PyTorch's `OneCycleLR`: the learning rate rises from `maxLr / divFactor` to
 * `maxLr` over the first `pctStart` of `totalSteps`, then anneals to
 * `maxLr / divFactor / finalDivFactor`; with `threePhase` it first comes back down to the initial
 * rate symmetrically and anneals to the final one in a third phase. Momentum (SGD's `momentum`,
 * Adam's `betas[0]`) cycles the opposite way between `maxMomentum` and `baseMomentum` unless
 * `cycleMomentum` is false. Step it after every batch; stepping past `totalSteps` throws.
 * Construction sets each group's `lr` to `maxLr / divFactor` (and its `initialLr`).
 *
 * @example
 * ```ts
 * const scheduler = new OneCycleLR(opt, { maxLr: 0.1, epochs: 10, stepsPerEpoch: batches.length });
 * for (let epoch = 0; epoch < 10; epoch++) for (const batch of batches) { trainStep(batch); scheduler.step(); }
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** Scheduler steps in the cycle. */
  readonly totalSteps: number;
  /** How each phase interpolates. */
  readonly annealStrategy: 'cos' | 'linear';
  /** Whether momentum cycles too. */
  readonly cycleMomentum: boolean;
  #phases: Phase[];
  #lrs: Record<LrKey, number[]>;
  #momenta: Record<MomentumKey, number[]>;
  #useBeta1: boolean;
  #settings: ScheduleSettings;

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    checkOption(
      options !== null && typeof options === 'object',
      'OneCycleLR',
      'options { maxLr, totalSteps | epochs + stepsPerEpoch, ... }',
      options,
    );
    checkOptions(
      'OneCycleLR',
      options,
      optionKeys<OneCycleLROptions>({
        maxLr: true,
        totalSteps: true,
        epochs: true,
        stepsPerEpoch: true,
        pctStart: true,
        annealStrategy: true,
        cycleMomentum: true,
        baseMomentum: true,
        maxMomentum: true,
        divFactor: true,
        finalDivFactor: true,
        threePhase: true,
      }),
    );
    const {
      maxLr,
      totalSteps,
      epochs,
      stepsPerEpoch,
      pctStart = 0.3,
      annealStrategy = 'cos',
      cycleMomentum = true,
      baseMomentum = 0.85,
      maxMomentum = 0.95,
      divFactor = 25,
      finalDivFactor = 1e4,
      threePhase = false,
    } = options;
    let total: number;
    if (totalSteps !== undefined) {
      checkOption(isIntegerAtLeast(totalSteps, 1), 'OneCycleLR', 'totalSteps to be a positive integer', totalSteps);
      total = totalSteps;
    } else if (epochs !== undefined && stepsPerEpoch !== undefined) {
      checkOption(isIntegerAtLeast(epochs, 1), 'OneCycleLR', 'epochs to be a positive integer', epochs);
      checkOption(
        isIntegerAtLeast(stepsPerEpoch, 1),
        'OneCycleLR',
        'stepsPerEpoch to be a positive integer',
        stepsPerEpoch,
      );
      total = epochs * stepsPerEpoch;
    } else {
      throw new ArgumentError(
        `OneCycleLR: expected totalSteps, or epochs and stepsPerEpoch, got totalSteps ${totalSteps}, epochs ${epochs} and stepsPerEpoch ${stepsPerEpoch}; pass e.g. { totalSteps: epochs * batches.length }.`,
      );
    }
    checkOption(isNumber(pctStart) && pctStart >= 0 && pctStart <= 1, 'OneCycleLR', 'pctStart in [0, 1]', pctStart);
    checkOption(
      annealStrategy === 'cos' || annealStrategy === 'linear',
      'OneCycleLR',
      "annealStrategy 'cos' or 'linear'",
      annealStrategy,
    );
    checkOption(typeof cycleMomentum === 'boolean', 'OneCycleLR', 'cycleMomentum to be a boolean', cycleMomentum);
    checkOption(typeof threePhase === 'boolean', 'OneCycleLR', 'threePhase to be a boolean', threePhase);
    checkOption(isNumber(divFactor) && divFactor > 0, 'OneCycleLR', 'divFactor > 0', divFactor);
    checkOption(isNumber(finalDivFactor) && finalDivFactor > 0, 'OneCycleLR', 'finalDivFactor > 0', finalDivFactor);
    checkOption(optimizer instanceof Optimizer, 'OneCycleLR', 'an Optimizer', optimizer);
    const groups = optimizer.paramGroups.length;
    const nonNegative = (v: number): boolean => v >= 0 && Number.isFinite(v);
    const maxLrs = perGroup('maxLr', maxLr, groups, 'finite and >= 0', nonNegative);
    const maxMomenta = perGroup('maxMomentum', maxMomentum, groups, 'finite and >= 0', nonNegative);
    const baseMomenta = perGroup('baseMomentum', baseMomentum, groups, 'finite and >= 0', nonNegative);
    const defaults: object = optimizer.defaults;
    if (cycleMomentum && !('momentum' in defaults) && !('betas' in defaults)) {
      throw new ArgumentError(
        `OneCycleLR: expected an optimizer with momentum or betas when cycleMomentum is true, got ${optimizer.constructor.name} without either; pass cycleMomentum: false.`,
      );
    }
    super(optimizer);
    this.#settings = {
      totalSteps: total,
      maxLr: maxLrs,
      pctStart,
      annealStrategy,
      cycleMomentum,
      baseMomentum: baseMomenta,
      maxMomentum: maxMomenta,
      divFactor,
      finalDivFactor,
      threePhase,
    };
    this.totalSteps = total;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.#useBeta1 = 'betas' in defaults;
    const initial = maxLrs.map((lr) => lr / divFactor);
    this.#lrs = { initial, max: maxLrs, min: initial.map((lr) => lr / finalDivFactor) };
    this.#momenta = { max: maxMomenta, base: baseMomenta };
    this.#phases = threePhase
      ? [
          {
            endStep: pctStart * total - 1,
            startLr: 'initial',
            endLr: 'max',
            startMomentum: 'max',
            endMomentum: 'base',
          },
          {
            endStep: 2 * pctStart * total - 2,
            startLr: 'max',
            endLr: 'initial',
            startMomentum: 'base',
            endMomentum: 'max',
          },
          { endStep: total - 1, startLr: 'initial', endLr: 'min', startMomentum: 'max', endMomentum: 'max' },
        ]
      : [
          {
            endStep: pctStart * total - 1,
            startLr: 'initial',
            endLr: 'max',
            startMomentum: 'max',
            endMomentum: 'base',
          },
          { endStep: total - 1, startLr: 'max', endLr: 'min', startMomentum: 'base', endMomentum: 'max' },
        ];
    this.optimizer.paramGroups.forEach((group, i) => {
      group.initialLr = initial[i]!;
      if (cycleMomentum) this.#setMomentum(group, maxMomenta[i]!);
    });
    this.baseLrs = [...initial];
    this.step();
  }

  protected override getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new StrataError(
        `OneCycleLR.step: expected at most totalSteps (${this.totalSteps}) steps, got step ${stepNum}; create the scheduler with a larger totalSteps (or epochs * stepsPerEpoch).`,
      );
    }
    const phases = this.#phases;
    let k = 0;
    let startStep = 0;
    while (k < phases.length - 1 && stepNum > phases[k]!.endStep) {
      startStep = phases[k]!.endStep;
      k++;
    }
    const phase = phases[k]!;
    const pct = (stepNum - startStep) / (phase.endStep - startStep);
    return this.optimizer.paramGroups.map((group, i) => {
      if (this.cycleMomentum) {
        this.#setMomentum(
          group,
          anneal(
            this.annealStrategy,
            this.#momenta[phase.startMomentum][i]!,
            this.#momenta[phase.endMomentum][i]!,
            pct,
          ),
        );
      }
      return anneal(this.annealStrategy, this.#lrs[phase.startLr][i]!, this.#lrs[phase.endLr][i]!, pct);
    });
  }

  protected override settings(): ScheduleSettings {
    return this.#settings;
  }

  #setMomentum(group: OptimizerParamGroup, momentum: number): void {
    const options = group as unknown as { momentum?: number; betas?: readonly [number, number] };
    if (this.#useBeta1) {
      const betas = options.betas;
      if (!Array.isArray(betas)) {
        throw new StrataError(
          `OneCycleLR: expected param group betas [beta1, beta2] to cycle beta1, got ${describe(betas)}.`,
        );
      }
      options.betas = [momentum, betas[1]];
    } else {
      options.momentum = momentum;
    }
  }
}
