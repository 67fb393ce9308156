import { ArgumentError, StrataError } from '@strata/core';
import { checkOption, describe, isIntegerAtLeast, isNumber } from './check.js';
import { Optimizer } from './optimizer.js';

/**
 * A scheduler's state as plain data (PyTorch's `scheduler.state_dict()`, reduced to what the
 * closed-form schedules need).
 *
 * @example
 * ```ts
 * const sd: LRSchedulerStateDict = scheduler.stateDict(); // { lastEpoch: 12, baseLrs: [0.1], lastLr: [0.025] }
 * ```
 */
export interface LRSchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
  lastLr: number[];
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
 * {@link LRScheduler.getLr}, and calls `this.step()` last in its constructor to apply the
 * learning rate for epoch 0 (PyTorch's `_initial_step`).
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
   * The scheduler's state: `lastEpoch`, `baseLrs` and `lastLr` (the options come from the
   * constructor, so build the scheduler the same way before loading).
   *
   * @example
   * ```ts
   * const checkpoint = { optimizer: opt.stateDict(), scheduler: scheduler.stateDict() };
   * ```
   */
  stateDict(): LRSchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.#lastLr] };
  }

  /**
   * Restores a state from {@link LRScheduler.stateDict} and sets the param groups' `lr` for the
   * restored epoch, so the order of this call and `optimizer.loadStateDict` does not matter.
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
