import {
  type Conv2dOptions,
  conv2d,
  type DType,
  type FusedActivation,
  formatShape,
  ShapeError,
  type Tensor,
} from '@strata/core';
import { fusesActivation } from '../module/activation-fusion.js';
import { assertRank } from '../module/module.js';
import type { Parameter } from '../module/parameter.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import {
  assertDivisible,
  CONV2D_ARG_NAMES,
  CONV2D_OPTION_CHECKS,
  type Conv2dConfig,
  conv2dConfig,
  conv2dRepr,
} from './conv2d-config.js';
import { assertPositiveInt, type LayerOptions } from './linear.js';
import type { Size2 } from './pair.js';
import { WeightBias } from './weight-bias.js';

/**
 * Options of {@link Conv2d} and {@link LazyConv2d}: the convolution's (`stride`, `padding`,
 * `dilation`, `groups`, `paddingMode`) plus the parameters' (`bias`, `dtype`, `backend`).
 *
 * @example
 * ```ts
 * const o: Conv2dLayerOptions = { padding: 'same', groups: 2, bias: false };
 * ```
 */
export type Conv2dLayerOptions = Conv2dOptions & LayerOptions;

const CONV2D = argSpec('Conv2d', ['inChannels', ...CONV2D_ARG_NAMES], 3, {
  inChannels: is.number,
  ...CONV2D_OPTION_CHECKS,
});

/**
 * The arguments of {@link Conv2d}: PyTorch's `(in_channels, out_channels, kernel_size,
 * stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None,
 * dtype=None)`, positionally or by name in an options object.
 *
 * @example
 * ```ts
 * const args: Conv2dArgs = [1, 96, 11, 4, 1]; // as [1, 96, { kernelSize: 11, stride: 4, padding: 1 }]
 * ```
 */
export type Conv2dArgs = PyTorchArgs<
  [
    inChannels: number,
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
  [
    'inChannels',
    'outChannels',
    'kernelSize',
    'stride',
    'padding',
    'dilation',
    'groups',
    'bias',
    'paddingMode',
    'backend',
    'dtype',
  ],
  Conv2dLayerOptions & { inChannels: number; outChannels: number; kernelSize: Size2 }
>;

/**
 * A 2-D convolution layer (`nn.Conv2d`) over `[N, C, H, W]` or `[C, H, W]` inputs. The weight
 * is `[outChannels, inChannels / groups, kh, kw]`; it and the bias start as PyTorch's
 * (Kaiming-uniform with a = sqrt(5), bias uniform in ±1/sqrt(fanIn)). Arguments as PyTorch's,
 * positionally or by name ({@link Conv2dArgs}).
 *
 * @example
 * ```ts
 * const conv = new Conv2d(1, 6, { kernelSize: 5, padding: 2 }); // nn.Conv2d(1, 6, kernel_size=5, padding=2)
 * conv.forward(rand([1, 1, 28, 28])).shape; // [1, 6, 28, 28]
 * String(conv); // 'Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))'
 * String(new Conv2d(1, 96, 11, 4, 1)); // 'Conv2d(1, 96, kernel_size=(11, 11), stride=(4, 4), padding=(1, 1))'
 * ```
 */
export class Conv2d extends WeightBias {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  /** `[h, w]` zero rows/columns per side, or `'same'` / `'valid'`. */
  readonly padding: [number, number] | 'same' | 'valid';
  readonly dilation: [number, number];
  readonly groups: number;
  readonly paddingMode: Conv2dConfig['paddingMode'];
  /** The `[outChannels, inChannels / groups, kh, kw]` weight. */
  declare weight: Parameter;
  /** The `[outChannels]` bias, or `null` without one. */
  declare bias: Parameter | null;

  constructor(...args: Conv2dArgs) {
    const options = parseArgs<Conv2dLayerOptions & { inChannels: number; outChannels: number; kernelSize: Size2 }>(
      CONV2D,
      args,
    );
    const { inChannels, outChannels } = options;
    assertPositiveInt('Conv2d', 'inChannels', inChannels);
    const config = conv2dConfig('Conv2d', outChannels, options.kernelSize, options);
    assertDivisible('Conv2d', 'inChannels', inChannels, config.groups);
    super([outChannels, inChannels / config.groups, ...config.kernelSize], options);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = config.kernelSize;
    this.stride = config.stride;
    this.padding = config.padding;
    this.dilation = config.dilation;
    this.groups = config.groups;
    this.paddingMode = config.paddingMode;
  }

  /**
   * Convolves `x` (`[N, inChannels, H, W]` or `[inChannels, H, W]`).
   *
   * @example
   * ```ts
   * conv.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    return convolve(this, x);
  }

  override extraRepr(): string {
    return conv2dRepr(this.inChannels, this.outChannels, this, this.bias !== null);
  }
}

/** `conv.forward(x)`, with `activation` applied by the convolution's kernel where given. */
function convolve(layer: Conv2d, x: Tensor, activation?: FusedActivation): Tensor {
  assertRank(layer.constructor.name, x, [4, 3], '(N, C, H, W) or (C, H, W)');
  const channels = x.shape[x.rank - 3]!;
  if (channels !== layer.inChannels) {
    throw new ShapeError(
      `${layer.constructor.name}: expected input with ${layer.inChannels} channels (dimension ${x.rank - 3}), got ${channels} in shape ${formatShape(x.shape)}.`,
    );
  }
  return conv2d(x, layer.weight, layer.bias, {
    stride: layer.stride,
    padding: layer.padding,
    dilation: layer.dilation,
    groups: layer.groups,
    paddingMode: layer.paddingMode,
    ...(activation === undefined ? {} : { activation }),
  });
}

fusesActivation(Conv2d, convolve);
