import { logSoftmax, relu, sigmoid, softmax, tanh, type Tensor } from '@strata/core';
import { Module } from '../module/module.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { assertNotInplace } from './inplace.js';

const RELU = argSpec('ReLU', ['inplace'], 0, { inplace: is.boolean });
const NO_ARGS = (layer: string) => argSpec(layer, [], 0, {});
const SIGMOID = NO_ARGS('Sigmoid');
const TANH = NO_ARGS('Tanh');
const SOFTMAX = argSpec('Softmax', ['dim'], 1, { dim: is.number });
const LOG_SOFTMAX = argSpec('LogSoftmax', ['dim'], 1, { dim: is.number });

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
    assertNotInplace('ReLU', parseArgs<{ inplace?: boolean }>(RELU, args).inplace);
  }

  /** Applies the activation. */
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

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
