import { logSoftmax, relu, sigmoid, softmax, tanh, type Tensor } from '@strata/core';
import { Module } from '../module/module.js';

/**
 * `max(x, 0)` as a layer (`nn.ReLU`).
 *
 * @example
 * ```ts
 * new Sequential(new Linear(4, 8), new ReLU());
 * ```
 */
export class ReLU extends Module {
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
  constructor(readonly dim: number) {
    super();
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
  constructor(readonly dim: number) {
    super();
  }

  /** Applies the log-softmax over `dim`. */
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
