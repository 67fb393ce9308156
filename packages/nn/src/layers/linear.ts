import { ArgumentError, type DType, linear, type Tensor } from '@strata/core';
import { fusesActivation } from '../module/activation-fusion.js';
import type { Parameter } from '../module/parameter.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { WeightBias } from './weight-bias.js';

/**
 * Options every layer with parameters takes.
 *
 * @example
 * ```ts
 * new Linear(4, 8, { bias: false, dtype: 'float64' });
 * ```
 */
export interface LayerOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: DType | null;
  /** Backend to create the parameters on (default: the current one); PyTorch's `device`. */
  backend?: string | null;
}

/** @internal The argument checks of {@link LayerOptions}. */
export const LAYER_OPTION_CHECKS = { bias: is.boolean, backend: is.nullable(is.string), dtype: is.nullable(is.dtype) };

const LINEAR = argSpec('Linear', ['inFeatures', 'outFeatures', 'bias', 'backend', 'dtype'], 2, {
  inFeatures: is.number,
  outFeatures: is.number,
  ...LAYER_OPTION_CHECKS,
});

/**
 * The arguments of {@link Linear}: PyTorch's `(in_features, out_features, bias=True,
 * device=None, dtype=None)`, positionally or by name in an options object.
 *
 * @example
 * ```ts
 * const args: LinearArgs = [4, 8, { bias: false }];
 * ```
 */
export type LinearArgs = PyTorchArgs<
  [inFeatures: number, outFeatures: number, bias?: boolean, backend?: string | null, dtype?: DType | null],
  ['inFeatures', 'outFeatures', 'bias', 'backend', 'dtype'],
  LayerOptions & { inFeatures: number; outFeatures: number }
>;

/** @internal Throws unless `value` is a positive integer. */
export function assertPositiveInt(layer: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ArgumentError(`${layer}: expected ${name} to be a positive integer, got ${value}.`);
  }
}

/**
 * A fully connected layer `y = x W^T + b` (`nn.Linear`): `x` is `[..., inFeatures]`. Weights
 * start as PyTorch's (Kaiming-uniform with a = sqrt(5), bias uniform in ±1/sqrt(inFeatures)).
 * Arguments as PyTorch's, positionally or by name ({@link LinearArgs}).
 *
 * @example
 * ```ts
 * const fc = new Linear(4, 8);
 * fc.forward(rand([2, 4])).shape; // [2, 8]
 * new Linear(4, 8, false).bias;   // null, as new Linear(4, 8, { bias: false })
 * ```
 */
export class Linear extends WeightBias {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** The `[outFeatures, inFeatures]` weight. */
  declare weight: Parameter;
  /** The `[outFeatures]` bias, or `null` without one. */
  declare bias: Parameter | null;

  constructor(...args: LinearArgs) {
    const o = parseArgs<LayerOptions & { inFeatures: number; outFeatures: number }>(LINEAR, args);
    assertPositiveInt('Linear', 'inFeatures', o.inFeatures);
    assertPositiveInt('Linear', 'outFeatures', o.outFeatures);
    super([o.outFeatures, o.inFeatures], o);
    this.inFeatures = o.inFeatures;
    this.outFeatures = o.outFeatures;
  }

  /**
   * `x W^T + b`.
   *
   * @example
   * ```ts
   * fc.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias === null ? 'False' : 'True'}`;
  }
}

fusesActivation(Linear, (layer, x, activation) => linear(x, layer.weight, layer.bias, { activation }));
