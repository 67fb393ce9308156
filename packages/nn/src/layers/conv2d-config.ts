import { ArgumentError } from '@strata/core';
import { is } from '../module/pytorch-args.js';
import type { Conv2dLayerOptions } from './conv2d.js';
import { assertPositiveInt, LAYER_OPTION_CHECKS } from './linear.js';
import { toPair } from './pair.js';
import { pyValue } from './python-repr.js';

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'] as const;

/** @internal PyTorch's positional convolution arguments after `in_channels`, in order. */
export const CONV2D_ARG_NAMES = [
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
] as const;

/** @internal The argument checks Conv2d and LazyConv2d share (all but `inChannels`). */
export const CONV2D_OPTION_CHECKS = {
  outChannels: is.number,
  kernelSize: is.size,
  stride: is.size,
  padding: is.or(is.size, is.string),
  dilation: is.size,
  groups: is.number,
  paddingMode: is.string,
  ...LAYER_OPTION_CHECKS,
};

/**
 * @internal The validated hyper-parameters Conv2d and LazyConv2d share.
 *
 * @example
 * ```ts
 * const c: Conv2dConfig = conv2dConfig('Conv2d', 6, 5, { padding: 2 });
 * ```
 */
export interface Conv2dConfig {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'same' | 'valid';
  readonly dilation: [number, number];
  readonly groups: number;
  readonly paddingMode: (typeof PADDING_MODES)[number];
}

/**
 * @internal Validates a convolution's arguments the way PyTorch's `_ConvNd` does (plus integer
 * checks), naming `layer` in the errors.
 *
 * @example
 * ```ts
 * conv2dConfig('Conv2d', 6, 5, { stride: 2 }).stride; // [2, 2]
 * ```
 */
export function conv2dConfig(
  layer: string,
  outChannels: number,
  kernelSize: number | readonly [number, number],
  options: Omit<Conv2dLayerOptions, 'bias' | 'dtype' | 'backend'>,
): Conv2dConfig {
  assertPositiveInt(layer, 'outChannels', outChannels);
  const groups = options.groups ?? 1;
  assertPositiveInt(layer, 'groups', groups);
  assertDivisible(layer, 'outChannels', outChannels, groups);
  const stride = toPair(layer, 'stride', options.stride ?? 1, 1);
  const dilation = toPair(layer, 'dilation', options.dilation ?? 1, 1);
  const padding = options.padding ?? 0;
  if (typeof padding === 'string' && padding !== 'same' && padding !== 'valid') {
    throw new ArgumentError(
      `${layer}: expected padding as a number, a pair [h, w], 'same' or 'valid', got '${padding}'.`,
    );
  }
  if (padding === 'same' && (stride[0] !== 1 || stride[1] !== 1)) {
    throw new ArgumentError(
      `${layer}: expected stride 1 with padding 'same', got stride ${pyValue(stride)}; pad explicitly for strided convolutions (e.g. padding: 1 for a 3x3 kernel).`,
    );
  }
  const paddingMode = options.paddingMode ?? 'zeros';
  if (!PADDING_MODES.includes(paddingMode)) {
    throw new ArgumentError(
      `${layer}: expected paddingMode 'zeros', 'reflect', 'replicate' or 'circular', got '${String(paddingMode)}'.`,
    );
  }
  return {
    kernelSize: toPair(layer, 'kernelSize', kernelSize, 1),
    stride,
    padding: typeof padding === 'string' ? padding : toPair(layer, 'padding', padding, 0),
    dilation,
    groups,
    paddingMode,
  };
}

/**
 * @internal Throws unless `channels` is a multiple of `groups` (each group sees a slice).
 *
 * @example
 * ```ts
 * assertDivisible('Conv2d', 'inChannels', 4, 2);
 * ```
 */
export function assertDivisible(layer: string, name: string, channels: number, groups: number): void {
  if (channels % groups !== 0) {
    throw new ArgumentError(
      `${layer}: expected ${name} divisible by groups, got ${name} ${channels} and groups ${groups}; make the channel counts multiples of groups.`,
    );
  }
}

/**
 * @internal PyTorch's `_ConvNd.extra_repr`: in, out, kernel_size and stride always, then only
 * the non-default padding, dilation, groups, bias and padding_mode.
 *
 * @example
 * ```ts
 * conv2dRepr(1, 6, conv2dConfig('Conv2d', 6, 5, { padding: 2 }), true);
 * // '1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2)'
 * ```
 */
export function conv2dRepr(inChannels: number, outChannels: number, config: Conv2dConfig, bias: boolean): string {
  const { padding, dilation } = config;
  let s = `${inChannels}, ${outChannels}, kernel_size=${pyValue(config.kernelSize)}, stride=${pyValue(config.stride)}`;
  if (typeof padding === 'string') s += `, padding=${padding}`;
  else if (padding[0] !== 0 || padding[1] !== 0) s += `, padding=${pyValue(padding)}`;
  if (dilation[0] !== 1 || dilation[1] !== 1) s += `, dilation=${pyValue(dilation)}`;
  if (config.groups !== 1) s += `, groups=${config.groups}`;
  if (!bias) s += ', bias=False';
  if (config.paddingMode !== 'zeros') s += `, padding_mode=${config.paddingMode}`;
  return s;
}
