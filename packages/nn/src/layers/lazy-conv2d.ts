import { type Conv2dOptions, type DType, formatShape, ShapeError, type Tensor } from '@strata/core';
import { assertRank } from '../module/module.js';
import { argSpec, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { Conv2d, type Conv2dLayerOptions } from './conv2d.js';
import {
  assertDivisible,
  CONV2D_ARG_NAMES,
  CONV2D_OPTION_CHECKS,
  type Conv2dConfig,
  conv2dConfig,
  conv2dRepr,
} from './conv2d-config.js';
import { become } from './lazy-materialize.js';
import { LazyWeightBias } from './lazy-weight-bias.js';
import type { Size2 } from './pair.js';

const LAZY_CONV2D = argSpec('LazyConv2d', CONV2D_ARG_NAMES, 2, CONV2D_OPTION_CHECKS);

/**
 * The arguments of {@link LazyConv2d}: PyTorch's `(out_channels, kernel_size, stride=1,
 * padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)`,
 * positionally or by name in an options object.
 *
 * @example
 * ```ts
 * const args: LazyConv2dArgs = [96, 11, 4, 1];
 * ```
 */
export type LazyConv2dArgs = PyTorchArgs<
  [
    outChannels: number,
    kernelSize: Size2,
    stride?: Size2,
    padding?: Conv2dOptions['padding'],
    dilation?: Size2,
    groups?: number,
    bias?: boolean,
    paddingMode?: Conv2dOptions['paddingMode'],
    backend?: string | null,
    dtype?: DType | null,
  ],
  ['outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'backend', 'dtype'],
  Conv2dLayerOptions & { outChannels: number; kernelSize: Size2 }
>;

/**
 * A {@link Conv2d} whose `inChannels` is inferred from the first input (`nn.LazyConv2d`): the
 * weight and bias are registered as `null` and created, with Conv2d's default initialisation,
 * by the first `forward` (or filled by `loadStateDict`). The layer then becomes a `Conv2d`
 * (`instanceof Conv2d`, printed as `Conv2d(...)`), as in PyTorch. The other arguments are
 * validated at once.
 *
 * Until then `parameters()` does not list them: build the optimizer after one forward pass
 * (a dry run on a dummy batch), as PyTorch advises. Arguments as PyTorch's, positionally or by
 * name ({@link LazyConv2dArgs}).
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
  inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  /** `[h, w]` zero rows/columns per side, or `'same'` / `'valid'`. */
  readonly padding: [number, number] | 'same' | 'valid';
  readonly dilation: [number, number];
  readonly groups: number;
  readonly paddingMode: Conv2dConfig['paddingMode'];

  constructor(...args: LazyConv2dArgs) {
    const options = parseArgs<Conv2dLayerOptions & { outChannels: number; kernelSize: Size2 }>(LAZY_CONV2D, args);
    const config = conv2dConfig('LazyConv2d', options.outChannels, options.kernelSize, options);
    super(options);
    this.inChannels = 0;
    this.outChannels = options.outChannels;
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
