import { ArgumentError, dropout, type Tensor } from '@strata/core';
import { Module } from '../module/module.js';
import { pyFloat } from './python-repr.js';

/**
 * Dropout as a layer (`nn.Dropout`): in training mode each element is zeroed with probability
 * `p` and the rest are scaled by `1 / (1 - p)`; in evaluation mode (`eval()`) it passes the
 * input through unchanged.
 *
 * @example
 * ```ts
 * const drop = new Dropout(0.5);
 * drop.forward(ones([4]));        // e.g. [2, 0, 2, 0]
 * drop.eval().forward(ones([4])); // [1, 1, 1, 1]
 * ```
 */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) {
      throw new ArgumentError(`Dropout: expected a probability p in [0, 1], got ${p}.`);
    }
  }

  /**
   * Drops elements while training; the identity otherwise.
   *
   * @example
   * ```ts
   * drop.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }

  // strata has no in-place dropout; PyTorch prints the flag anyway.
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
