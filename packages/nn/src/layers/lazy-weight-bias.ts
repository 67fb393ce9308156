import { type DType, type Tensor, zeros } from '@strata/core';
import { calculateFanInAndFanOut, defaultInit_, uniform_ } from '../init/init.js';
import { Module } from '../module/module.js';
import type { Parameter } from '../module/parameter.js';
import { inDType } from './lazy-materialize.js';
import type { LayerOptions } from './linear.js';

/**
 * The shared part of `LazyLinear` and `LazyConv2d`: a weight and an optional bias registered as
 * `null`, created with PyTorch's default initialisation on the first forward (or filled by
 * `loadStateDict`), after which the layer becomes its concrete class.
 *
 * @example
 * ```ts
 * class LazyThing extends LazyWeightBias { ... }
 * ```
 */
export abstract class LazyWeightBias extends Module {
  readonly #bias: boolean;
  readonly #dtype: DType;
  readonly #backend: string | undefined;

  constructor(options: LayerOptions) {
    super();
    this.#bias = options.bias !== false;
    this.#dtype = options.dtype ?? 'float32';
    this.#backend = options.backend ?? undefined;
    this.registerParameter('weight', null);
    this.registerParameter('bias', null);
  }

  /** The weight; `null` until materialised. */
  declare weight: Parameter | null;
  /** The bias; `null` until materialised, or without one. */
  declare bias: Parameter | null;

  /** Whether the layer was built with a bias. */
  protected get hasBias(): boolean {
    return this.#bias;
  }

  /**
   * Nothing to re-draw before the parameters exist (PyTorch skips it too); once materialised
   * this is the concrete layer's `resetParameters`.
   *
   * @example
   * ```ts
   * layer.resetParameters();
   * ```
   */
  resetParameters(): void {}

  protected override isLazy(name: string): boolean {
    return name === 'weight' || (name === 'bias' && this.#bias);
  }

  protected override setTensor(kind: 'parameter' | 'buffer', name: string, t: Tensor): void {
    super.setTensor(kind, name, inDType(t, this.#dtype));
    const weight = this.weight;
    if (weight !== null && (this.bias !== null || !this.#bias)) this.becomeConcrete(weight);
  }

  /**
   * Creates whichever of weight (of `weightShape`) and bias is missing, on `x`'s backend unless
   * one was given, with PyTorch's default initialisation (a bias added to a loaded weight is
   * drawn from the weight's fan-in), then becomes the concrete layer.
   */
  protected materialize(weightShape: readonly number[], x: Tensor): void {
    const create = { dtype: this.#dtype, backend: this.#backend ?? x.backend };
    const loaded = this.weight;
    const freshBias = this.#bias && this.bias === null;
    const weight = loaded ?? this.registerParameter('weight', zeros(weightShape, create));
    const bias = freshBias ? this.registerParameter('bias', zeros([weightShape[0]!], create)) : this.bias;
    if (loaded === null) {
      defaultInit_(weight, freshBias ? bias : null);
    } else if (bias !== null && freshBias) {
      const bound = 1 / Math.sqrt(calculateFanInAndFanOut(weight)[0]);
      uniform_(bias, -bound, bound);
    }
    this.becomeConcrete(weight);
  }

  /** Records the inferred size from `weight` and switches to the concrete class. */
  protected abstract becomeConcrete(weight: Tensor): void;
}
