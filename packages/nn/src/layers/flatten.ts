import { ArgumentError, flatten, type Tensor } from '@strata/core';
import { Module } from '../module/module.js';

/**
 * Merges dimensions `startDim..endDim` into one (`nn.Flatten`); the defaults keep the batch
 * dimension and flatten the rest, between the convolutional and the dense part of a CNN.
 *
 * @example
 * ```ts
 * new Flatten().forward(zeros([2, 16, 5, 5])).shape; // [2, 400]
 * ```
 */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
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
