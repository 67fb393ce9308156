import { ArgumentError, dropout, type Tensor } from '@strata/core';
import { Module } from '../module/module.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { assertNotInplace } from './inplace.js';
import { pyFloat } from './python-repr.js';

const DROPOUT = argSpec('Dropout', ['p', 'inplace'], 0, { p: is.number, inplace: is.boolean });

/**
 * The arguments of {@link Dropout}: PyTorch's `(p=0.5, inplace=False)`, positionally or by name
 * in an options object. `inplace` can only be false: strata's dropout returns a new tensor.
 *
 * @example
 * ```ts
 * const args: DropoutArgs = [{ p: 0.2 }];
 * ```
 */
export type DropoutArgs = PyTorchArgs<[p?: number, inplace?: false], ['p', 'inplace'], { p?: number; inplace?: false }>;

/**
 * Dropout as a layer (`nn.Dropout`): in training mode each element is zeroed with probability
 * `p` and the rest are scaled by `1 / (1 - p)`; in evaluation mode (`eval()`) it passes the
 * input through unchanged. Arguments as PyTorch's ({@link DropoutArgs}).
 *
 * @example
 * ```ts
 * const drop = new Dropout(0.5);
 * drop.forward(ones([4]));        // e.g. [2, 0, 2, 0]
 * drop.eval().forward(ones([4])); // [1, 1, 1, 1]
 * ```
 */
export class Dropout extends Module {
  /** The probability of zeroing an element while training. */
  readonly p: number;

  constructor(...args: DropoutArgs) {
    super();
    const { p = 0.5, inplace } = parseArgs<{ p?: number; inplace?: boolean }>(DROPOUT, args);
    if (!(p >= 0 && p <= 1)) {
      throw new ArgumentError(`Dropout: expected a probability p in [0, 1], got ${p}.`);
    }
    assertNotInplace('Dropout', inplace);
    this.p = p;
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
