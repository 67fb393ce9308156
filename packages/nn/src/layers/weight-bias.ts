import { zeros } from '@strata/core';
import { defaultInit_ } from '../init/init.js';
import { Module } from '../module/module.js';
import type { Parameter } from '../module/parameter.js';
import type { LayerOptions } from './linear.js';

/**
 * The layers with a weight whose first dimension is the bias's length (torch's `_ConvNd` and
 * `Linear`): creates both as options ask and draws them with PyTorch's default initialisation.
 *
 * @example
 * ```ts
 * class Scale extends WeightBias {
 *   constructor(features: number) { super([features, 1], {}); }
 * }
 * ```
 */
export abstract class WeightBias extends Module {
  /** The weight, `[out, ...]`. */
  declare weight: Parameter;
  /** The `[out]` bias, or `null` without one. */
  declare bias: Parameter | null;

  protected constructor(weightShape: readonly number[], options: LayerOptions) {
    super();
    const create = { dtype: options.dtype ?? 'float32', backend: options.backend ?? undefined };
    this.registerParameter('weight', zeros(weightShape, create));
    this.registerParameter('bias', options.bias === false ? null : zeros([weightShape[0]!], create));
    this.resetParameters();
  }

  /**
   * Re-draws the weights with PyTorch's default initialisation.
   *
   * @example
   * ```ts
   * layer.resetParameters();
   * ```
   */
  resetParameters(): void {
    defaultInit_(this.weight, this.bias);
  }
}
