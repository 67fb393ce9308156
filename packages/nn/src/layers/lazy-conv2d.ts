import { formatShape, ShapeError, type Tensor } from '@strata/core';
import { assertRank } from '../module/module.js';
import { Conv2d, type Conv2dLayerOptions } from './conv2d.js';
import { assertDivisible, type Conv2dConfig, conv2dConfig, conv2dRepr } from './conv2d-config.js';
import { become } from './lazy-materialize.js';
import { LazyWeightBias } from './lazy-weight-bias.js';

/**
 * A {@link Conv2d} whose `inChannels` is inferred from the first input (`nn.LazyConv2d`): the
 * weight and bias are registered as `null` and created, with Conv2d's default initialisation,
 * by the first `forward` (or filled by `loadStateDict`). The layer then becomes a `Conv2d`
 * (`instanceof Conv2d`, printed as `Conv2d(...)`), as in PyTorch. The other arguments are
 * validated at once.
 *
 * Until then `parameters()` does not list them: build the optimizer after one forward pass
 * (a dry run on a dummy batch), as PyTorch advises.
 *
 * @example
 * ```ts
 * const conv = new LazyConv2d(6, 5, { padding: 2 });
 * String(conv); // 'LazyConv2d(0, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))'
 * conv.forward(rand([1, 1, 28, 28]));
 * String(conv); // 'Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))'
 * ```
 */
export class LazyConv2d extends LazyWeightBias {
  /** 0 until the first input. */
  inChannels = 0;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  /** `[h, w]` zero rows/columns per side, or `'same'` / `'valid'`. */
  readonly padding: [number, number] | 'same' | 'valid';
  readonly dilation: [number, number];
  readonly groups: number;
  readonly paddingMode: Conv2dConfig['paddingMode'];

  constructor(outChannels: number, kernelSize: number | readonly [number, number], options: Conv2dLayerOptions = {}) {
    super(options);
    const config = conv2dConfig('LazyConv2d', outChannels, kernelSize, options);
    this.outChannels = outChannels;
    this.kernelSize = config.kernelSize;
    this.stride = config.stride;
    this.padding = config.padding;
    this.dilation = config.dilation;
    this.groups = config.groups;
    this.paddingMode = config.paddingMode;
  }

  protected becomeConcrete(weight: Tensor): void {
    this.inChannels = weight.shape[1]! * this.groups;
    become(this, Conv2d);
  }

  /**
   * Creates the parameters from the channels of `x` (`[N, C, H, W]` or `[C, H, W]`), then runs
   * Conv2d's forward.
   *
   * @example
   * ```ts
   * conv.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    assertRank('LazyConv2d', x, [4, 3], '(N, C, H, W) or (C, H, W)');
    const loaded = this.weight;
    const inChannels = loaded === null ? x.shape[x.rank - 3]! : loaded.shape[1]! * this.groups;
    assertDivisible('LazyConv2d', 'inChannels', inChannels, this.groups);
    if (inChannels === 0)
      throw new ShapeError(`LazyConv2d: expected input with at least one channel, got shape ${formatShape(x.shape)}.`);
    this.materialize([this.outChannels, inChannels / this.groups, ...this.kernelSize], x);
    return Conv2d.prototype.forward.call(this as unknown as Conv2d, x);
  }

  override extraRepr(): string {
    return conv2dRepr(this.inChannels, this.outChannels, this, this.hasBias);
  }
}
