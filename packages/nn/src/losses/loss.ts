import { ArgumentError, DTypeError, isFloat, type Reduction, type Tensor } from '@strata/core';
import { Module } from '../module/module.js';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

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
