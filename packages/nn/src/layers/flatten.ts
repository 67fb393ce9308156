import { ArgumentError, flatten, type Tensor } from '@strata/core';
import { Module } from '../module/module.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';

const FLATTEN = argSpec('Flatten', ['startDim', 'endDim'], 0, { startDim: is.number, endDim: is.number });

/**
 * The arguments of {@link Flatten}: PyTorch's `(start_dim=1, end_dim=-1)`, positionally or by
 * name in an options object.
 *
 * @example
 * ```ts
 * const args: FlattenArgs = [0];
 * ```
 */
export type FlattenArgs = PyTorchArgs<
  [startDim?: number, endDim?: number],
  ['startDim', 'endDim'],
  { startDim?: number; endDim?: number }
>;

/**
 * Merges dimensions `startDim..endDim` into one (`nn.Flatten`); the defaults keep the batch
 * dimension and flatten the rest, between the convolutional and the dense part of a CNN.
 * Arguments as PyTorch's ({@link FlattenArgs}).
 *
 * @example
 * ```ts
 * new Flatten().forward(zeros([2, 16, 5, 5])).shape; // [2, 400]
 * ```
 */
export class Flatten extends Module {
  /** The first dimension merged. */
  readonly startDim: number;
  /** The last dimension merged (negative counts from the end). */
  readonly endDim: number;

  constructor(...args: FlattenArgs) {
    super();
    const { startDim = 1, endDim = -1 } = parseArgs<{ startDim?: number; endDim?: number }>(FLATTEN, args);
    this.startDim = startDim;
    this.endDim = endDim;
    if (!Number.isInteger(startDim) || !Number.isInteger(endDim)) {
      throw new ArgumentError(`Flatten: expected integer startDim and endDim, got ${startDim} and ${endDim}.`);
    }
  }

  /**
   * Flattens `x`.
   *
   * @example
   * ```ts
   * flat.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
