import { ArgumentError, checkOptions, noGrad, optionKeys, ShapeError, type Tensor, formatShape } from '@strata/core';

/**
 * The activations `calculateGain` knows, as PyTorch's `nn.init.calculate_gain`.
 *
 * @example
 * ```ts
 * calculateGain('leaky_relu', 0.2); // sqrt(2 / (1 + 0.2 ** 2))
 * ```
 */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/**
 * The recommended gain for `nonlinearity` (PyTorch's table): 1 for linear and sigmoid, 5/3 for
 * tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu, 3/4 for selu.
 *
 * @example
 * ```ts
 * calculateGain('relu'); // 1.4142...
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ArgumentError(
        `calculateGain: expected a nonlinearity among linear, conv1d, conv2d, conv3d, sigmoid, tanh, relu, leaky_relu, selu, got '${String(nonlinearity)}'.`,
      );
  }
}

/**
 * `[fanIn, fanOut]` of a weight: `shape[1]` and `shape[0]` times the receptive field
 * (`shape[2:]`), as PyTorch computes them.
 *
 * @example
 * ```ts
 * calculateFanInAndFanOut(zeros([6, 1, 5, 5])); // [25, 150]
 * ```
 */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.rank < 2) {
    throw new ShapeError(
      `init: expected a tensor of rank at least 2 to compute fan in and fan out, got shape ${formatShape(t.shape)}.`,
    );
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1]! * receptive, t.shape[0]! * receptive];
}

/**
 * Fills `t` with values uniform in `[a, b)`, in place.
 *
 * @example
 * ```ts
 * init.uniform_(w, -10, 10);
 * ```
 */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return noGrad(() => t.uniform_(a, b));
}

/**
 * Fills `t` with normal values of `mean` and `std`, in place.
 *
 * @example
 * ```ts
 * init.normal_(w, 0, 0.01);
 * ```
 */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return noGrad(() => t.normal_(mean, std));
}

/**
 * Fills `t` with `value`, in place.
 *
 * @example
 * ```ts
 * init.constant_(w, 1);
 * ```
 */
export function constant_(t: Tensor, value: number): Tensor {
  return noGrad(() => t.fill_(value));
}

/**
 * Fills `t` with zeros, in place.
 *
 * @example
 * ```ts
 * init.zeros_(bias);
 * ```
 */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/**
 * Fills `t` with ones, in place.
 *
 * @example
 * ```ts
 * init.ones_(gamma);
 * ```
 */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

/**
 * Glorot/Xavier uniform: `U(-a, a)` with `a = gain * sqrt(6 / (fanIn + fanOut))`, in place.
 *
 * @example
 * ```ts
 * init.xavierUniform_(w);
 * ```
 */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound);
}

/**
 * Glorot/Xavier normal: `N(0, std)` with `std = gain * sqrt(2 / (fanIn + fanOut))`, in place.
 *
 * @example
 * ```ts
 * init.xavierNormal_(w);
 * ```
 */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

/**
 * Options of the Kaiming initialisers (PyTorch's keyword arguments).
 *
 * @example
 * ```ts
 * const o: KaimingOptions = { mode: 'fan_out', nonlinearity: 'relu' };
 * ```
 */
export interface KaimingOptions {
  /** The negative slope of leaky_relu (`a` in PyTorch; default 0). */
  a?: number;
  /** Preserve the variance of the forward (`'fan_in'`, default) or backward pass (`'fan_out'`). */
  mode?: 'fan_in' | 'fan_out';
  /** default `'leaky_relu'`, as PyTorch. */
  nonlinearity?: Nonlinearity;
}

const KAIMING_KEYS = optionKeys<KaimingOptions>({ a: true, mode: true, nonlinearity: true });

function kaimingStd(t: Tensor, options: KaimingOptions): number {
  const mode = options.mode ?? 'fan_in';
  if (mode !== 'fan_in' && mode !== 'fan_out') {
    throw new ArgumentError(`kaiming: expected mode 'fan_in' or 'fan_out', got '${String(mode)}'.`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0);
  return gain / Math.sqrt(mode === 'fan_in' ? fanIn : fanOut);
}

/**
 * He/Kaiming uniform: `U(-b, b)` with `b = gain * sqrt(3 / fan)`, in place. PyTorch's default
 * weight initialisation of Linear and Conv2d is this with `a = sqrt(5)`.
 *
 * @example
 * ```ts
 * init.kaimingUniform_(w, { nonlinearity: 'relu' });
 * ```
 */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkOptions('kaimingUniform_', options, KAIMING_KEYS);
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform_(t, -bound, bound);
}

/**
 * He/Kaiming normal: `N(0, gain / sqrt(fan))`, in place.
 *
 * @example
 * ```ts
 * init.kaimingNormal_(w, { mode: 'fan_out', nonlinearity: 'relu' });
 * ```
 */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkOptions('kaimingNormal_', options, KAIMING_KEYS);
  return normal_(t, 0, kaimingStd(t, options));
}

/**
 * PyTorch's default initialisation of a layer's weight and bias (Linear, Conv2d): weight
 * Kaiming-uniform with `a = sqrt(5)`, bias uniform in `±1 / sqrt(fanIn)`.
 *
 * @example
 * ```ts
 * defaultInit_(this.weight, this.bias);
 * ```
 */
export function defaultInit_(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform_(weight, { a: Math.sqrt(5) });
  if (bias === null) return;
  const [fanIn] = calculateFanInAndFanOut(weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform_(bias, -bound, bound);
}
