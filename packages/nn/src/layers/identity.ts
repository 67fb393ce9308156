import type { Tensor } from '@strata/core';
import { Module } from '../module/module.js';

/**
 * A layer that returns its input (`nn.Identity`): a placeholder where an architecture has an
 * optional layer, e.g. the shortcut of a residual block without a 1x1 convolution. As in
 * PyTorch, it accepts any arguments and ignores them, so that it can stand in for another layer.
 *
 * @example
 * ```ts
 * const shortcut = useConv ? new Conv2d(c, c2, 1) : new Identity();
 * ```
 */
export class Identity extends Module {
  // PyTorch's Identity takes *args and **kwargs and ignores them.
  constructor(..._args: unknown[]) {
    super();
  }

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
