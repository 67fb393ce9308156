import { ArgumentError, DTypeError, isFloat, type Reduction, type Tensor } from '@strata/core';
import { Module } from '../module/module.js';
import { is } from '../module/pytorch-args.js';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/**
 * The options every loss takes: `reduction`, and PyTorch's deprecated `size_average` and
 * `reduce`, which (when given) decide the reduction as in PyTorch.
 *
 * @example
 * ```ts
 * new MSELoss({ reduction: 'sum' });
 * ```
 */
export interface LossOptions {
  /** `'mean'` (default), `'sum'` or `'none'` (the per-element losses). */
  reduction?: Reduction;
  /** Deprecated in PyTorch, use `reduction`: false sums instead of averaging. */
  sizeAverage?: boolean | null;
  /** Deprecated in PyTorch, use `reduction`: false returns the per-element losses. */
  reduce?: boolean | null;
}

/**
 * PyTorch's class-weight argument of a loss (`weight`): only `null` (no weights); strata has
 * no class weights yet.
 *
 * @example
 * ```ts
 * const o: ClassWeightOption = { weight: null };
 * ```
 */
export interface ClassWeightOption {
  /** Class weights are not supported yet: only `null`. */
  weight?: null;
}

/** @internal The checks of {@link LossOptions}. */
export const LOSS_CHECKS = {
  sizeAverage: is.nullable(is.boolean),
  reduce: is.nullable(is.boolean),
  reduction: is.string,
};

/** @internal The check of {@link ClassWeightOption}; `lossReduction` refuses any weight. */
export const CLASS_WEIGHT_CHECK = { weight: is.any };

/**
 * @internal The reduction that `options` ask for, with PyTorch's rule for the deprecated
 * `sizeAverage` / `reduce`; a class `weight` throws (not supported yet).
 *
 * @example
 * ```ts
 * lossReduction('MSELoss', { sizeAverage: false }); // 'sum'
 * ```
 */
export function lossReduction(layer: string, options: LossOptions & { weight?: unknown }): Reduction | undefined {
  if (options.weight !== undefined && options.weight !== null) {
    throw new ArgumentError(
      `${layer}: class weights (weight) are not supported yet; drop the argument, or weight the losses of { reduction: 'none' } yourself.`,
    );
  }
  const sizeAverage = options.sizeAverage ?? null;
  const reduce = options.reduce ?? null;
  if (sizeAverage === null && reduce === null) return options.reduction;
  if (reduce === false) return 'none';
  return sizeAverage === false ? 'sum' : 'mean';
}

/**
 * The base of the loss modules (PyTorch's `_Loss`): it holds and validates `reduction` and
 * applies it. A loss's `forward(input, target)` returns the reduced loss (a scalar), or the
 * per-element losses with `reduction: 'none'`.
 *
 * @example
 * ```ts
 * class L1Loss extends Loss {
 *   constructor(options: { reduction?: Reduction } = {}) { super('L1Loss', options.reduction); }
 *   forward(input: Tensor, target: Tensor): Tensor { return this.reduce(input.sub(target).abs()); }
 * }
 * ```
 */
export abstract class Loss extends Module {
  readonly reduction: Reduction;

  protected constructor(layer: string, reduction: Reduction = 'mean') {
    super();
    if (!REDUCTIONS.includes(reduction)) {
      throw new ArgumentError(`${layer}: expected reduction 'mean', 'sum' or 'none', got '${String(reduction)}'.`);
    }
    this.reduction = reduction;
  }

  /**
   * Computes the loss of `input` against `target`.
   *
   * @example
   * ```ts
   * const loss = lossFn.forward(net.forward(X), y);
   * loss.backward();
   * ```
   */
  abstract override forward(input: Tensor, target: Tensor): Tensor;

  /**
   * Applies `reduction` to per-element `losses`; `count` replaces the mean's divisor (the
   * number of non-ignored targets).
   *
   * @example
   * ```ts
   * return this.reduce(losses, valid.sum().cast(losses.dtype));
   * ```
   */
  protected reduce(losses: Tensor, count?: Tensor): Tensor {
    if (this.reduction === 'none') return losses;
    if (this.reduction === 'sum') return losses.sum();
    return count === undefined ? losses.mean() : losses.sum().div(count);
  }

  /**
   * Throws unless `t` is floating point, naming this loss.
   *
   * @example
   * ```ts
   * this.assertFloat('input', input);
   * ```
   */
  protected assertFloat(name: string, t: Tensor): void {
    if (!isFloat(t.dtype)) {
      throw new DTypeError(
        `${this.constructor.name}: expected a floating-point ${name}, got dtype ${t.dtype}; cast it with .float().`,
      );
    }
  }
}
