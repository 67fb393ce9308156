import { ArgumentError, type DType, linear, type Tensor, zeros } from '@strata/core';
import { defaultInit_ } from '../init/init.js';
import { Module } from '../module/module.js';

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
  dtype?: DType;
  /** Backend to create the parameters on (default: the current one). */
  backend?: string;
}

/** @internal Throws unless `value` is a positive integer. */
export function assertPositiveInt(layer: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ArgumentError(`${layer}: expected ${name} to be a positive integer, got ${value}.`);
  }
}

/**
 * A fully connected layer `y = x W^T + b` (`nn.Linear`): `x` is `[..., inFeatures]`. Weights
 * start as PyTorch's (Kaiming-uniform with a = sqrt(5), bias uniform in ±1/sqrt(inFeatures)).
 *
 * @example
 * ```ts
 * const fc = new Linear(4, 8);
 * fc.forward(rand([2, 4])).shape; // [2, 8]
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, options: LayerOptions = {}) {
    super();
    assertPositiveInt('Linear', 'inFeatures', inFeatures);
    assertPositiveInt('Linear', 'outFeatures', outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const create = { dtype: options.dtype ?? 'float32', backend: options.backend };
    this.registerParameter('weight', zeros([outFeatures, inFeatures], create));
    this.registerParameter('bias', options.bias === false ? null : zeros([outFeatures], create));
    this.resetParameters();
  }

  /** The `[outFeatures, inFeatures]` weight. */
  get weight(): Tensor {
    return this.parameter('weight')!;
  }

  /** The `[outFeatures]` bias, or `null` without one. */
  get bias(): Tensor | null {
    return this.parameter('bias');
  }

  /**
   * Re-draws the weights with PyTorch's default initialisation.
   *
   * @example
   * ```ts
   * fc.resetParameters();
   * ```
   */
  resetParameters(): void {
    defaultInit_(this.weight, this.bias);
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
    return linear(x, this.weight, this.bias ?? undefined);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias === null ? 'False' : 'True'}`;
  }
}
