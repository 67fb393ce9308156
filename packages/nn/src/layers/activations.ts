import {
  ArgumentError,
  elu,
  gelu,
  hardsigmoid,
  hardswish,
  leakyRelu,
  logSigmoid,
  logSoftmax,
  mish,
  relu,
  sigmoid,
  silu,
  softmax,
  softplus,
  tanh,
  type Tensor,
} from '@strata/core';
import { appliesActivation } from '../module/activation-fusion.js';
import { Module } from '../module/module.js';
import { type ArgSpec, argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { assertNotInplace } from './inplace.js';
import { pyFloat } from './python-repr.js';

const NO_ARGS = (layer: string) => argSpec(layer, [], 0, {});
const SIGMOID = NO_ARGS('Sigmoid');
const TANH = NO_ARGS('Tanh');
const SOFTMAX = argSpec('Softmax', ['dim'], 1, { dim: is.number });
const LOG_SOFTMAX = argSpec('LogSoftmax', ['dim'], 1, { dim: is.number });
const GELU_SPEC = argSpec('GELU', ['approximate'], 0, { approximate: is.string });
const INPLACE = (layer: string) => argSpec(layer, ['inplace'], 0, { inplace: is.boolean });
const RELU = INPLACE('ReLU');
const SILU = INPLACE('SiLU');
const HARDSWISH = INPLACE('Hardswish');
const HARDSIGMOID = INPLACE('Hardsigmoid');
const MISH = INPLACE('Mish');
const LOG_SIGMOID = NO_ARGS('LogSigmoid');
const SOFTPLUS = argSpec('Softplus', ['beta', 'threshold'], 0, { beta: is.number, threshold: is.number });
const ELU_SPEC = argSpec('ELU', ['alpha', 'inplace'], 0, { alpha: is.number, inplace: is.boolean });
const LEAKY_RELU = argSpec('LeakyReLU', ['negativeSlope', 'inplace'], 0, {
  negativeSlope: is.number,
  inplace: is.boolean,
});

/** Takes an activation's `inplace` flag, which can only be false, and nothing else. */
function noInplace(spec: ArgSpec, args: readonly unknown[]): void {
  assertNotInplace(spec.layer, parseArgs<{ inplace?: boolean }>(spec, args).inplace);
}

/**
 * The arguments of {@link ReLU}: PyTorch's `(inplace=False)`; `inplace` can only be false
 * (the layer returns a new tensor).
 *
 * @example
 * ```ts
 * const args: ReLUArgs = [{ inplace: false }];
 * ```
 */
export type ReLUArgs = PyTorchArgs<[inplace?: false], ['inplace'], { inplace?: false }>;

/**
 * The arguments of {@link SiLU}, {@link Hardswish}, {@link Hardsigmoid} and {@link Mish}:
 * PyTorch's `(inplace=False)`; `inplace` can only be false (the layer returns a new tensor).
 *
 * @example
 * ```ts
 * const args: InplaceArgs = [false];
 * ```
 */
export type InplaceArgs = ReLUArgs;

/**
 * The arguments of {@link GELU}: PyTorch's `(approximate='none')`, positionally or by name.
 *
 * @example
 * ```ts
 * const args: GELUArgs = [{ approximate: 'tanh' }];
 * ```
 */
export type GELUArgs = PyTorchArgs<[approximate?: 'none' | 'tanh'], ['approximate'], { approximate?: 'none' | 'tanh' }>;

/**
 * The arguments of {@link Softplus}: PyTorch's `(beta=1.0, threshold=20.0)`.
 *
 * @example
 * ```ts
 * const args: SoftplusArgs = [2, { threshold: 10 }];
 * ```
 */
export type SoftplusArgs = PyTorchArgs<
  [beta?: number, threshold?: number],
  ['beta', 'threshold'],
  { beta?: number; threshold?: number }
>;

/**
 * The arguments of {@link ELU}: PyTorch's `(alpha=1.0, inplace=False)`; `inplace` can only be
 * false.
 *
 * @example
 * ```ts
 * const args: ELUArgs = [{ alpha: 0.5 }];
 * ```
 */
export type ELUArgs = PyTorchArgs<
  [alpha?: number, inplace?: false],
  ['alpha', 'inplace'],
  { alpha?: number; inplace?: false }
>;

/**
 * The arguments of {@link LeakyReLU}: PyTorch's `(negative_slope=0.01, inplace=False)`;
 * `inplace` can only be false.
 *
 * @example
 * ```ts
 * const args: LeakyReLUArgs = [{ negativeSlope: 0.2 }];
 * ```
 */
export type LeakyReLUArgs = PyTorchArgs<
  [negativeSlope?: number, inplace?: false],
  ['negativeSlope', 'inplace'],
  { negativeSlope?: number; inplace?: false }
>;

/**
 * The arguments of {@link Softmax} and {@link LogSoftmax}: PyTorch's `(dim)`, positionally or
 * as `{ dim }`. PyTorch's implicit dimension (`dim=None`, deprecated there) is not offered.
 *
 * @example
 * ```ts
 * const args: SoftmaxArgs = [{ dim: 1 }];
 * ```
 */
export type SoftmaxArgs = PyTorchArgs<[dim: number], ['dim'], { dim: number }>;

/**
 * `max(x, 0)` as a layer (`nn.ReLU`).
 *
 * @example
 * ```ts
 * new Sequential(new Linear(4, 8), new ReLU());
 * ```
 */
export class ReLU extends Module {
  constructor(...args: ReLUArgs) {
    super();
    noInplace(RELU, args);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

appliesActivation(ReLU, 'relu');

/**
 * The logistic sigmoid as a layer (`nn.Sigmoid`), as LeNet uses it.
 *
 * @example
 * ```ts
 * new Sigmoid().forward(zeros([2])); // [0.5, 0.5]
 * ```
 */
export class Sigmoid extends Module {
  constructor(...args: [options?: Record<string, never>]) {
    super();
    parseArgs(SIGMOID, args);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

appliesActivation(Sigmoid, 'sigmoid');

/**
 * Hyperbolic tangent as a layer (`nn.Tanh`).
 *
 * @example
 * ```ts
 * new Tanh().forward(x);
 * ```
 */
export class Tanh extends Module {
  constructor(...args: [options?: Record<string, never>]) {
    super();
    parseArgs(TANH, args);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

appliesActivation(Tanh, 'tanh');

/**
 * Softmax over `dim` as a layer (`nn.Softmax`).
 *
 * @example
 * ```ts
 * new Softmax(1).forward(logits);
 * ```
 */
export class Softmax extends Module {
  /** The dimension that sums to 1. */
  readonly dim: number;

  constructor(...args: SoftmaxArgs) {
    super();
    this.dim = parseArgs<{ dim: number }>(SOFTMAX, args).dim;
  }

  /** Applies the softmax over `dim`. */
  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * Log-softmax over `dim` as a layer (`nn.LogSoftmax`).
 *
 * @example
 * ```ts
 * new LogSoftmax(1).forward(logits);
 * ```
 */
export class LogSoftmax extends Module {
  /** The dimension that log-sums-exp to 0. */
  readonly dim: number;

  constructor(...args: SoftmaxArgs) {
    super();
    this.dim = parseArgs<{ dim: number }>(LOG_SOFTMAX, args).dim;
  }

  /** Applies the log-softmax over `dim`. */
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * The Gaussian error linear unit as a layer (`nn.GELU`): exact, or with `'tanh'` its tanh
 * approximation (see `gelu` in `@strata/core`).
 *
 * @example
 * ```ts
 * new Sequential(new Linear(4, 8), new GELU('tanh'));
 * ```
 */
export class GELU extends Module {
  /** `'none'` (exact, through erf) or `'tanh'`. */
  readonly approximate: 'none' | 'tanh';

  constructor(...args: GELUArgs) {
    super();
    const { approximate = 'none' } = parseArgs<{ approximate?: string }>(GELU_SPEC, args);
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ArgumentError(`GELU: expected approximate to be 'none' or 'tanh', got '${approximate}'.`);
    }
    this.approximate = approximate;
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * `x * sigmoid(x)` as a layer (`nn.SiLU`, also called swish).
 *
 * @example
 * ```ts
 * new SiLU().forward(x);
 * ```
 */
export class SiLU extends Module {
  constructor(...args: InplaceArgs) {
    super();
    noInplace(SILU, args);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/**
 * `log(1 + e^(βx)) / β` as a layer (`nn.Softplus`), linear where `βx > threshold`.
 *
 * @example
 * ```ts
 * new Softplus(2, 10).forward(x);
 * ```
 */
export class Softplus extends Module {
  /** The sharpness β. */
  readonly beta: number;
  /** Above this value of βx the layer passes x through. */
  readonly threshold: number;

  constructor(...args: SoftplusArgs) {
    super();
    const { beta = 1, threshold = 20 } = parseArgs<{ beta?: number; threshold?: number }>(SOFTPLUS, args);
    this.beta = beta;
    this.threshold = threshold;
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return softplus(x, { beta: this.beta, threshold: this.threshold });
  }

  override extraRepr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

/**
 * The exponential linear unit as a layer (`nn.ELU`): `x` for `x > 0`, `alpha (e^x - 1)` otherwise.
 *
 * @example
 * ```ts
 * new ELU(0.5).forward(x);
 * ```
 */
export class ELU extends Module {
  /** The negative saturation value is `-alpha`. */
  readonly alpha: number;

  constructor(...args: ELUArgs) {
    super();
    const { alpha = 1, inplace } = parseArgs<{ alpha?: number; inplace?: boolean }>(ELU_SPEC, args);
    assertNotInplace('ELU', inplace);
    this.alpha = alpha;
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return elu(x, { alpha: this.alpha });
  }

  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/**
 * `x` for `x > 0`, `negativeSlope * x` otherwise, as a layer (`nn.LeakyReLU`).
 *
 * @example
 * ```ts
 * new Sequential(new Linear(4, 8), new LeakyReLU(0.2));
 * ```
 */
export class LeakyReLU extends Module {
  /** The slope for negative inputs. */
  readonly negativeSlope: number;

  constructor(...args: LeakyReLUArgs) {
    super();
    const { negativeSlope = 0.01, inplace } = parseArgs<{ negativeSlope?: number; inplace?: boolean }>(
      LEAKY_RELU,
      args,
    );
    assertNotInplace('LeakyReLU', inplace);
    this.negativeSlope = negativeSlope;
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return leakyRelu(x, { negativeSlope: this.negativeSlope });
  }

  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/**
 * `x * relu6(x + 3) / 6` as a layer (`nn.Hardswish`, MobileNetV3's activation).
 *
 * @example
 * ```ts
 * new Hardswish().forward(x);
 * ```
 */
export class Hardswish extends Module {
  constructor(...args: InplaceArgs) {
    super();
    noInplace(HARDSWISH, args);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return hardswish(x);
  }
}

/**
 * `relu6(x + 3) / 6` as a layer (`nn.Hardsigmoid`).
 *
 * @example
 * ```ts
 * new Hardsigmoid().forward(x);
 * ```
 */
export class Hardsigmoid extends Module {
  constructor(...args: InplaceArgs) {
    super();
    noInplace(HARDSIGMOID, args);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return hardsigmoid(x);
  }
}

/**
 * `x * tanh(softplus(x))` as a layer (`nn.Mish`).
 *
 * @example
 * ```ts
 * new Mish().forward(x);
 * ```
 */
export class Mish extends Module {
  constructor(...args: InplaceArgs) {
    super();
    noInplace(MISH, args);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return mish(x);
  }
}

/**
 * `log(sigmoid(x))` as a layer (`nn.LogSigmoid`), finite for large `|x|`.
 *
 * @example
 * ```ts
 * new LogSigmoid().forward(x);
 * ```
 */
export class LogSigmoid extends Module {
  constructor(...args: [options?: Record<string, never>]) {
    super();
    parseArgs(LOG_SIGMOID, args);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return logSigmoid(x);
  }
}
