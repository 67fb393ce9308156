import { ArgumentError, StrataError } from '@strata/core';
import { checkOption, describe, isIntegerAtLeast, isNumber } from './check.js';
import { Optimizer } from './optimizer.js';

/**
 * The options that define a schedule (`stepSize` and `gamma`, `tMax`, `totalSteps`, ...), as
 * plain data.
 *
 * @example
 * ```ts
 * const settings: ScheduleSettings = { tMax: 10, etaMin: 0 };
 * ```
 */
export type ScheduleSettings = Readonly<Record<string, number | string | boolean | readonly number[]>>;

/**
 * A scheduler's state as plain data (PyTorch's `scheduler.state_dict()`, reduced to what the
 * closed-form schedules need), with the settings of its schedule.
 *
 * @example
 * ```ts
 * const sd: LRSchedulerStateDict = scheduler.stateDict(); // { lastEpoch: 12, baseLrs: [0.1], lastLr: [0.025], settings: { tMax: 20, etaMin: 0 } }
 * ```
 */
export interface LRSchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
  lastLr: number[];
  /**
   * The options of the schedule the state belongs to; `loadStateDict` refuses a state of another
   * schedule. Absent in states saved before it was recorded, which load unchecked.
   */
  settings?: ScheduleSettings;
}

/**
 * The base class of learning-rate schedulers, PyTorch's `torch.optim.lr_scheduler.LRScheduler`:
 * call `scheduler.step()` once per epoch (or per batch, for OneCycleLR) after `optimizer.step()`;
 * it writes the learning rate for the new `lastEpoch` into every param group.
 *
 * `baseLrs` are the groups' `initialLr`, which the first scheduler on an optimizer records from
 * `lr` (PyTorch's `initial_lr`). Each schedule is computed in closed form from `baseLrs` and
 * `lastEpoch` (PyTorch's `_get_closed_form_lr`), so resuming from `stateDict()` is exact; unlike
 * PyTorch's chainable form, an `lr` changed by hand, or by a second scheduler, is overwritten at
 * the next step rather than compounded.
 *
 * A subclass validates its options, calls `super(optimizer)`, stores its options, implements
 * {@link LRScheduler.getLr} (and {@link LRScheduler.settings}, so a resume is checked against
 * its schedule), and calls `this.step()` last in its constructor to apply the learning rate for
 * epoch 0 (PyTorch's `_initial_step`).
 *
 * Resuming continues the schedule a state was saved with, exactly, or not at all:
 * `loadStateDict` refuses the state of a schedule with other settings (a cosine over 5 epochs
 * for one built over 3, a OneCycleLR of more total steps), because the learning rate of the
 * steps already taken would no longer belong to the schedule of the steps to come. To train
 * longer, finish the run and start a new schedule.
 *
 * @example
 * ```ts
 * class ExponentialLR extends LRScheduler {
 *   constructor(optimizer: Optimizer, readonly gamma: number) { super(optimizer); this.step(); }
 *   protected getLr(): number[] { return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch); }
 * }
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose param groups' `lr` this scheduler sets. */
  readonly optimizer: Optimizer;
  /** The learning rate of each param group at epoch 0 of the schedule. */
  baseLrs: number[];
  /** The number of `step()` calls since construction; 0 after the constructor's initial step. */
  lastEpoch = -1;
  #lastLr: number[] = [];

  constructor(optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) {
      throw new ArgumentError(
        `${new.target.name}: expected an Optimizer, got ${describe(optimizer)}; pass e.g. new SGD(params, { lr: 0.1 }).`,
      );
    }
    this.optimizer = optimizer;
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((group) => group.initialLr!);
  }

  /**
   * Advances the schedule by one epoch (or batch) and sets every param group's `lr`.
   *
   * @example
   * ```ts
   * for (let epoch = 0; epoch < 90; epoch++) {
   *   trainOneEpoch(model, opt);
   *   scheduler.step();
   * }
   * ```
   */
  step(): void {
    this.lastEpoch += 1;
    try {
      this.#apply();
    } catch (error) {
      this.lastEpoch -= 1;
      throw error;
    }
  }

  /**
   * The learning rate of each param group as this scheduler last set it.
   *
   * @example
   * ```ts
   * scheduler.getLastLr(); // [0.1, 0.01]
   * ```
   */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /**
   * The scheduler's state: `lastEpoch`, `baseLrs`, `lastLr`, and the `settings` of its schedule
   * (the options come from the constructor, so build the scheduler the same way before loading).
   *
   * @example
   * ```ts
   * const checkpoint = { optimizer: opt.stateDict(), scheduler: scheduler.stateDict() };
   * ```
   */
  stateDict(): LRSchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      baseLrs: [...this.baseLrs],
      lastLr: [...this.#lastLr],
      settings: this.settings(),
    };
  }

  /**
   * Restores a state from {@link LRScheduler.stateDict} and sets the param groups' `lr` for the
   * restored epoch, so the order of this call and `optimizer.loadStateDict` does not matter. A
   * state whose `settings` differ from this scheduler's (another `tMax`, `stepSize`,
   * `totalSteps`, ...) is refused with an error naming each difference, and nothing changes.
   *
   * @example
   * ```ts
   * scheduler.loadStateDict(checkpoint.scheduler);
   * ```
   */
  loadStateDict(stateDict: LRSchedulerStateDict): void {
    const name = this.constructor.name;
    const groups = this.optimizer.paramGroups.length;
    checkOption(
      stateDict !== null && typeof stateDict === 'object',
      `${name}.loadStateDict`,
      '{ lastEpoch, baseLrs, lastLr } as stateDict() returns',
      stateDict,
    );
    const { lastEpoch, baseLrs } = stateDict;
    checkOption(isIntegerAtLeast(lastEpoch, 0), `${name}.loadStateDict`, 'lastEpoch to be an integer >= 0', lastEpoch);
    checkOption(
      Array.isArray(baseLrs) && baseLrs.length === groups && baseLrs.every(isNumber),
      `${name}.loadStateDict`,
      `baseLrs to be ${groups} numbers, one per param group`,
      baseLrs,
    );
    if (stateDict.settings !== undefined) this.#checkSettings(stateDict.settings);
    const previous = { lastEpoch: this.lastEpoch, baseLrs: this.baseLrs };
    this.lastEpoch = lastEpoch;
    this.baseLrs = [...baseLrs];
    try {
      this.#apply();
    } catch (error) {
      this.lastEpoch = previous.lastEpoch;
      this.baseLrs = previous.baseLrs;
      throw error;
    }
  }

  /** The learning rate of each param group at `lastEpoch`. */
  protected abstract getLr(): number[];

  /**
   * The options that define this schedule, recorded by `stateDict` and compared by
   * `loadStateDict`; none by default.
   */
  protected settings(): ScheduleSettings {
    return {};
  }

  #checkSettings(saved: unknown): void {
    const name = this.constructor.name;
    checkOption(
      saved !== null && typeof saved === 'object' && !Array.isArray(saved),
      `${name}.loadStateDict`,
      'settings to be an object of the schedule options',
      saved,
    );
    const own = this.settings();
    const keys = [...new Set([...Object.keys(own), ...Object.keys(saved as object)])];
    const differences = keys
      .filter((k) => JSON.stringify(own[k]) !== JSON.stringify((saved as Record<string, unknown>)[k]))
      .map((k) => `${k} ${describe((saved as Record<string, unknown>)[k])} (this scheduler: ${describe(own[k])})`);
    if (differences.length > 0) {
      throw new ArgumentError(
        `${name}.loadStateDict: expected the state of this schedule, got one saved with ${differences.join(', ')}; a resumed run continues the schedule it started, so build the scheduler with the saved settings, or start a new run to change them.`,
      );
    }
  }

  #apply(): void {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.baseLrs.length) {
      throw new StrataError(
        `${this.constructor.name}.step: expected ${this.baseLrs.length} param groups (as when the scheduler was created), got ${groups.length}; create the scheduler after adding every param group.`,
      );
    }
    const lrs = this.getLr();
    groups.forEach((group, i) => {
      group.lr = lrs[i]!;
    });
    this.#lastLr = groups.map((group) => group.lr);
  }
}
