import { formatShape, ShapeError, type Tensor, zeros } from '@strata/core';
import { defaultInit_, uniform_ } from '../init/init.js';
import { Module } from '../module/module.js';
import { become, inDType } from './lazy-materialize.js';
import { assertPositiveInt, type LayerOptions, Linear } from './linear.js';

/**
 * A {@link Linear} whose `inFeatures` is inferred from the first input (`nn.LazyLinear`): the
 * weight and bias are registered as `null` and created, with Linear's default initialisation,
 * by the first `forward` (or filled by `loadStateDict`). The layer then becomes a `Linear`
 * (`instanceof Linear`, printed as `Linear(...)`), as in PyTorch.
 *
 * Until then `parameters()` does not list them: build the optimizer after one forward pass
 * (a dry run on a dummy batch), as PyTorch advises.
 *
 * @example
 * ```ts
 * const fc = new LazyLinear(10);
 * String(fc);                    // 'LazyLinear(in_features=0, out_features=10, bias=True)'
 * fc.forward(rand([2, 84]));
 * String(fc);                    // 'Linear(in_features=84, out_features=10, bias=True)'
 * const opt = new SGD(fc.parameters(), { lr: 0.1 });
 * ```
 */
export class LazyLinear extends Module {
  /** 0 until the first input. */
  inFeatures = 0;
  readonly outFeatures: number;
  readonly #bias: boolean;
  readonly #options: LayerOptions;

  constructor(outFeatures: number, options: LayerOptions = {}) {
    super();
    assertPositiveInt('LazyLinear', 'outFeatures', outFeatures);
    this.outFeatures = outFeatures;
    this.#bias = options.bias !== false;
    this.#options = options;
    this.registerParameter('weight', null);
    this.registerParameter('bias', null);
  }

  /** The `[outFeatures, inFeatures]` weight; `null` until materialised. */
  get weight(): Tensor | null {
    return this.parameter('weight');
  }

  /** The `[outFeatures]` bias; `null` until materialised, or without one. */
  get bias(): Tensor | null {
    return this.parameter('bias');
  }

  /**
   * Nothing to re-draw before the parameters exist (PyTorch skips it too); after the first
   * forward this is Linear's `resetParameters`.
   *
   * @example
   * ```ts
   * fc.resetParameters();
   * ```
   */
  resetParameters(): void {}

  protected override isLazy(name: string): boolean {
    return name === 'weight' || (name === 'bias' && this.#bias);
  }

  protected override setTensor(kind: 'parameter' | 'buffer', name: string, t: Tensor): void {
    super.setTensor(kind, name, inDType(t, this.#options.dtype ?? 'float32'));
    const weight = this.weight;
    if (weight !== null && (this.bias !== null || !this.#bias)) this.#become(weight.shape[1]!);
  }

  #become(inFeatures: number): void {
    this.inFeatures = inFeatures;
    become(this, Linear);
  }

  /**
   * Creates the parameters from the size of the last dimension of `x`, then runs Linear's
   * forward.
   *
   * @example
   * ```ts
   * fc.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    if (x.rank < 1) {
      throw new ShapeError(`LazyLinear: expected input of rank >= 1 (..., in_features), got shape ${formatShape(x.shape)}.`);
    }
    const inFeatures = this.weight?.shape[1] ?? x.shape[x.rank - 1]!;
    const create = { dtype: this.#options.dtype ?? 'float32', backend: this.#options.backend ?? x.backend };
    const freshWeight = this.weight === null;
    const freshBias = this.#bias && this.bias === null;
    const weight = this.weight ?? this.registerParameter('weight', zeros([this.outFeatures, inFeatures], create));
    const bias = freshBias ? this.registerParameter('bias', zeros([this.outFeatures], create)) : this.bias;
    if (freshWeight) defaultInit_(weight, freshBias ? bias : null);
    else if (bias !== null && freshBias) uniform_(bias, -1 / Math.sqrt(inFeatures), 1 / Math.sqrt(inFeatures));
    this.#become(inFeatures);
    return Linear.prototype.forward.call(this as unknown as Linear, x);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.#bias ? 'True' : 'False'}`;
  }
}
