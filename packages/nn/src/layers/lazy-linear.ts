import { formatShape, ShapeError, type Tensor } from '@strata/core';
import { become } from './lazy-materialize.js';
import { LazyWeightBias } from './lazy-weight-bias.js';
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
export class LazyLinear extends LazyWeightBias {
  /** 0 until the first input. */
  inFeatures = 0;
  readonly outFeatures: number;

  constructor(outFeatures: number, options: LayerOptions = {}) {
    super(options);
    assertPositiveInt('LazyLinear', 'outFeatures', outFeatures);
    this.outFeatures = outFeatures;
  }

  protected becomeConcrete(weight: Tensor): void {
    this.inFeatures = weight.shape[1]!;
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
      throw new ShapeError(
        `LazyLinear: expected input of rank >= 1 (..., in_features), got shape ${formatShape(x.shape)}.`,
      );
    }
    this.materialize([this.outFeatures, this.weight?.shape[1] ?? x.shape[x.rank - 1]!], x);
    return Linear.prototype.forward.call(this as unknown as Linear, x);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.hasBias ? 'True' : 'False'}`;
  }
}
