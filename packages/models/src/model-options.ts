import { ArgumentError, checkOptions, optionKeys } from '@strata/core';

/**
 * Options every model takes: the image channels it reads, the classes it predicts, and a
 * width `ratio` that divides every hidden channel count (d2l's VGG `ratio`), so that a model
 * trains on a small machine.
 *
 * @example
 * ```ts
 * const options: ModelOptions = { inChannels: 1, numClasses: 10, ratio: 4 };
 * ```
 */
export interface ModelOptions {
  /** Channels of the input images; 1 (Fashion-MNIST) by default. */
  inChannels?: number;
  /** Output classes; 10 by default. */
  numClasses?: number;
  /** Divides every hidden channel (and hidden unit) count, rounding down to at least 1; 1 by default. */
  ratio?: number;
}

const MODEL_KEYS = optionKeys<ModelOptions>({ inChannels: true, numClasses: true, ratio: true });

/**
 * {@link ModelOptions} of the models whose classifier reads a fixed number of features (LeNet,
 * AlexNet, VGG): the input size decides it.
 *
 * @example
 * ```ts
 * const options: SizedModelOptions = { inputSize: 64, ratio: 4 };
 * ```
 */
export interface SizedModelOptions extends ModelOptions {
  /** Height and width of the (square) input images; the chapter's size by default. */
  inputSize?: number;
}

/** @internal Validated {@link ModelOptions}. */
export interface ResolvedModelOptions {
  inChannels: number;
  numClasses: number;
  /** A hidden width narrowed by the ratio. */
  width(channels: number): number;
}

/** @internal Throws unless `value` is an integer >= 1. */
export function positiveInteger(model: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ArgumentError(`${model}: expected ${name} to be an integer >= 1, got ${String(value)}.`);
  }
  return value;
}

/** @internal Validates the shared options of `model`; `extraKeys` are the other options it takes. */
export function resolveModelOptions(
  model: string,
  options: ModelOptions,
  extraKeys: readonly string[] = [],
): ResolvedModelOptions {
  checkOptions(model, options, [...MODEL_KEYS, ...extraKeys]);
  const inChannels = positiveInteger(model, 'inChannels', options.inChannels ?? 1);
  const numClasses = positiveInteger(model, 'numClasses', options.numClasses ?? 10);
  const ratio = options.ratio ?? 1;
  if (!(Number.isFinite(ratio) && ratio >= 1)) {
    throw new ArgumentError(
      `${model}: expected ratio to be a number >= 1 (the factor hidden widths are divided by), got ${String(ratio)}.`,
    );
  }
  return { inChannels, numClasses, width: (channels) => Math.max(1, Math.floor(channels / ratio)) };
}

/**
 * @internal The spatial size after a convolution or pooling window, as PyTorch computes it;
 * throws with the model's name when the input is too small for the window.
 */
export function windowOutput(
  model: string,
  inputSize: number,
  size: number,
  kernel: number,
  stride: number,
  padding: number,
): number {
  const out = Math.floor((size + 2 * padding - kernel) / stride) + 1;
  if (out < 1) {
    throw new ArgumentError(
      `${model}: expected an input size that leaves every feature map at least 1x1, got inputSize ${inputSize}, which shrinks to ${size} before a ${kernel}x${kernel} window; resize the images to a larger size.`,
    );
  }
  return out;
}
