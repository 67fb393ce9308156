import type { Tensor } from '@strata/core';
import { Module } from '../module/module.js';

/**
 * A layer that returns its input (`nn.Identity`): a placeholder where an architecture has an
 * optional layer, e.g. the shortcut of a residual block without a 1x1 convolution.
 *
 * @example
 * ```ts
 * const shortcut = useConv ? new Conv2d(c, c2, 1) : new Identity();
 * ```
 */
export class Identity extends Module {
  /**
   * Returns `x` itself.
   *
   * @example
   * ```ts
   * new Identity().forward(x) === x; // true
   * ```
   */
  forward(x: Tensor): Tensor {
    return x;
  }
}
