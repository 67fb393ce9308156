import { run } from '../autograd/run-kernel.js';
import type { Conv2dAttrs, FusedActivation } from '../backend/kernel-map.js';
import { hasFusedKernel } from '../backend/registry.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import { computeConv2dInfo } from '../shape-info/conv2d-info.js';
import type { Tensor } from '../tensor.js';
import { commonBackend } from '../engine/engine.js';
import { conv2dComposite } from './conv2d-composite.js';
import { assertFloat } from './creation.js';
import { applyActivation, checkActivation, epilogueOf } from './epilogue.js';
import { toPair } from './pair.js';
import { pad } from './pad.js';
import { reshape } from './reshape.js';
import { checkOptions, optionKeys } from '../check-options.js';

/**
 * Options of {@link conv2d} (the keyword arguments of `torch.nn.functional.conv2d` plus
 * `nn.Conv2d`'s `paddingMode`).
 *
 * @example
 * ```ts
 * const o: Conv2dOptions = { stride: 2, padding: 'same', paddingMode: 'reflect' };
 * ```
 */
export interface Conv2dOptions {
  stride?: number | readonly [number, number];
  /** Zero-padding per side, `'valid'` (none) or `'same'` (output size = input size; stride 1). */
  padding?: number | readonly [number, number] | 'same' | 'valid';
  dilation?: number | readonly [number, number];
  groups?: number;
  /** How the padding is filled: `'zeros'` (default), `'reflect'`, `'replicate'` or `'circular'`. */
  paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular';
  /**
   * An activation applied to the result (after the bias) by the convolution's kernel, as
   * `relu(conv2d(x, w, b))` with the same values and gradients, without the intermediate tensor.
   */
  activation?: FusedActivation;
}

const CONV2D_KEYS = optionKeys<Conv2dOptions>({
  stride: true,
  padding: true,
  dilation: true,
  groups: true,
  paddingMode: true,
  activation: true,
});

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'] as const;

function explicitPadding(
  padding: Conv2dOptions['padding'],
  kernel: [number, number],
  dilation: [number, number],
  stride: [number, number],
): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ArgumentError(
        `conv2d: expected stride 1 with padding 'same', got stride [${stride.join(', ')}]; pad explicitly for strided convolutions.`,
      );
    }
    // PyTorch puts the odd extra row/column of an even kernel at the bottom/right.
    const total = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)] as const;
    const top = Math.floor(total[0] / 2);
    const left = Math.floor(total[1] / 2);
    return [top, total[0] - top, left, total[1] - left];
  }
  if (typeof padding === 'string') {
    throw new ArgumentError(`conv2d: expected padding as a number, a pair, 'same' or 'valid', got '${padding}'.`);
  }
  const [ph, pw] = toPair('conv2d', 'padding', padding ?? 0, 0);
  return [ph, ph, pw, pw];
}

/**
 * 2-D convolution (cross-correlation, as in deep learning) of `x` `[N, C, H, W]` (or unbatched
 * `[C, H, W]`) with `weight` `[O, C / groups, KH, KW]`, plus `bias` `[O]`. Semantics and
 * defaults are `torch.nn.functional.conv2d`'s. Uses the backend's fused kernel when it has one,
 * which also adds the bias and applies an `activation` as it writes each value.
 *
 * @example
 * ```ts
 * const y = conv2d(x, w, b, { stride: 1, padding: 1 });
 * const z = conv2d(x, w, b, { padding: 1, activation: 'relu' }); // relu(conv2d(...)) in one kernel
 * ```
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  checkOptions('conv2d', options, CONV2D_KEYS);
  commonBackend('conv2d', bias == null ? [x, weight] : [x, weight, bias]);
  if (x.rank === 3) {
    const y = conv2dBatched(reshape(x, [1, ...x.shape]), weight, bias, options);
    return reshape(y, y.shape.slice(1));
  }
  if (x.rank !== 4) {
    const fix =
      x.rank === 2
        ? `; add batch and channel dimensions with x.reshape([1, 1, ${x.shape.join(', ')}])`
        : x.rank < 2
          ? ''
          : '; merge extra leading dimensions into the batch';
    throw new ShapeError(
      `conv2d: expected input of rank 4 (N, C, H, W) or 3 (C, H, W), got shape ${formatShape(x.shape)}${fix}.`,
    );
  }
  return conv2dBatched(x, weight, bias, options);
}

function conv2dBatched(x: Tensor, weight: Tensor, bias: Tensor | null | undefined, options: Conv2dOptions): Tensor {
  assertFloat('conv2d', x);
  assertFloat('conv2d', weight, 'weight');
  if (weight.dtype !== x.dtype) {
    throw new DTypeError(
      `conv2d: expected weight of the input's dtype ${x.dtype}, got ${weight.dtype}; cast one of them.`,
    );
  }
  if (weight.rank !== 4) {
    throw new ShapeError(
      `conv2d: expected weight of rank 4 (out_channels, in_channels / groups, KH, KW), got shape ${formatShape(weight.shape)}.`,
    );
  }
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1)
    throw new ArgumentError(`conv2d: expected groups to be a positive integer, got ${groups}.`);
  const [, channels] = x.shape as [number, number, number, number];
  const [outChannels, perGroup, kh, kw] = weight.shape as [number, number, number, number];
  if (kh < 1 || kw < 1) {
    throw new ShapeError(
      `conv2d: expected a kernel of at least 1 x 1, got ${kh} x ${kw} (weight shape ${formatShape(weight.shape)}); an empty kernel sums nothing, so its output would be the bias alone.`,
    );
  }
  if (channels !== perGroup * groups) {
    throw new ShapeError(
      `conv2d: expected input with ${perGroup * groups} channels (weight.shape[1] * groups = ${perGroup} * ${groups}), got ${channels} channels in input of shape ${formatShape(x.shape)}.`,
    );
  }
  if (outChannels % groups !== 0) {
    throw new ShapeError(
      `conv2d: expected out_channels (${outChannels}) divisible by groups (${groups}), got weight shape ${formatShape(weight.shape)}.`,
    );
  }
  if (bias != null && (bias.rank !== 1 || bias.shape[0] !== outChannels)) {
    throw new ShapeError(`conv2d: expected bias of shape [${outChannels}], got ${formatShape(bias.shape)}.`);
  }
  if (bias != null && bias.dtype !== x.dtype) {
    throw new DTypeError(`conv2d: expected bias of the input's dtype ${x.dtype}, got ${bias.dtype}; cast one of them.`);
  }
  const activation = checkActivation('conv2d', options.activation);
  const stride = toPair('conv2d', 'stride', options.stride ?? 1, 1);
  const dilation = toPair('conv2d', 'dilation', options.dilation ?? 1, 1);
  const paddingMode = options.paddingMode ?? 'zeros';
  if (!PADDING_MODES.includes(paddingMode)) {
    throw new ArgumentError(
      `conv2d: expected paddingMode ${PADDING_MODES.map((m) => `'${m}'`).join(', ')}, got '${String(paddingMode)}'.`,
    );
  }
  let pads = explicitPadding(options.padding, [kh, kw], dilation, stride);
  let input = x;
  if (paddingMode !== 'zeros' && pads.some((p) => p > 0)) {
    input = pad(x, [pads[2], pads[3], pads[0], pads[1]], { mode: paddingMode });
    pads = [0, 0, 0, 0];
  }
  const attrs: Conv2dAttrs = { strides: stride, pad: pads, dilations: dilation, groups };
  const info = computeConv2dInfo(input.shape, weight.shape, attrs);
  if (info.outHeight < 1 || info.outWidth < 1) {
    throw new ShapeError(
      `conv2d: expected the padded input (${info.inHeight + pads[0] + pads[1]} x ${info.inWidth + pads[2] + pads[3]}) to be at least the dilated kernel (${dilation[0] * (kh - 1) + 1} x ${dilation[1] * (kw - 1) + 1}), got input shape ${formatShape(x.shape)}; pad the input or use a smaller kernel.`,
    );
  }
  if (hasFusedKernel(input.backend, 'Conv2d')) {
    const epilogue = epilogueOf(activation, bias != null, x.dtype);
    return run(
      'Conv2d',
      { x: input, filter: weight, ...(bias == null ? {} : { bias }) },
      epilogue ? { ...attrs, epilogue } : attrs,
    );
  }
  const out = conv2dComposite(input, weight, info);
  return applyActivation(bias == null ? out : out.add(reshape(bias, [1, outChannels, 1, 1])), activation);
}
