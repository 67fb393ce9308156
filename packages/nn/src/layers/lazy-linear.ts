import { type DType, formatShape, ShapeError, type Tensor } from '@strata/core';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { become } from './lazy-materialize.js';
import { LazyWeightBias } from './lazy-weight-bias.js';
import { assertPositiveInt, LAYER_OPTION_CHECKS, type LayerOptions, Linear } from './linear.js';

const LAZY_LINEAR = argSpec('LazyLinear', ['outFeatures', 'bias', 'backend', 'dtype'], 1, {
  outFeatures: is.number,
  ...LAYER_OPTION_CHECKS,
});

/**
 * The arguments of {@link LazyLinear}: PyTorch's `(out_features, bias=True, device=None,
 * dtype=None)`, positionally or by name in an options object.
 *
 * @example
 * ```ts
 * const args: LazyLinearArgs = [10, false];
 * ```
 */
export type LazyLinearArgs = PyTorchArgs<
  [outFeatures: number, bias?: boolean, backend?: string | null, dtype?: DType | null],
  ['outFeatures', 'bias', 'backend', 'dtype'],
  LayerOptions & { outFeatures: number }
>;

/**
 * A {@link Linear} whose `inFeatures` is inferred from the first input (`nn.LazyLinear`): the
 * weight and bias are registered as `null` and created, with Linear's default initialisation,
 * by the first `forward` (or filled by `loadStateDict`). The layer then becomes a `Linear`
 * (`instanceof Linear`, printed as `Linear(...)`), as in PyTorch.
 *
 * Until then `parameters()` does not list them: build the optimizer after one forward pass
 * (a dry run on a dummy batch), as PyTorch advises. Arguments as PyTorch's, positionally or by
 * name ({@link LazyLinearArgs}).
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
  inFeatures: number;
  readonly outFeatures: number;

  constructor(...args: LazyLinearArgs) {
    const options = parseArgs<LayerOptions & { outFeatures: number }>(LAZY_LINEAR, args);
    assertPositiveInt('LazyLinear', 'outFeatures', options.outFeatures);
    super(options);
    this.inFeatures = 0;
    this.outFeatures = options.outFeatures;
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
