import { ArgumentError, type CrossEntropyOptions, crossEntropy, type Tensor } from '@strata/core';
import { Loss } from './loss.js';

/**
 * Cross-entropy between logits and targets as a module (`nn.CrossEntropyLoss`): the softmax is
 * taken inside. `input` is `[N, C]`, `[N, C, d1, ...]` or `[C]`; `target` holds int32 class
 * indices (the input's shape without dimension 1) or float class probabilities (the input's
 * shape). `ignoreIndex` (default -100) targets contribute nothing and are not counted by the
 * mean; `labelSmoothing` mixes the target with the uniform distribution.
 *
 * @example
 * ```ts
 * const loss = new CrossEntropyLoss();
 * loss.forward(tensor([[2, 0, 0], [0, 2, 0]]), tensor([0, 1], { dtype: 'int32' })); // tensor(0.2395)
 * ```
 */
export class CrossEntropyLoss extends Loss {
  readonly labelSmoothing: number;
  readonly ignoreIndex: number;

  constructor(options: CrossEntropyOptions = {}) {
    super('CrossEntropyLoss', options.reduction);
    this.labelSmoothing = options.labelSmoothing ?? 0;
    this.ignoreIndex = options.ignoreIndex ?? -100;
    if (!(this.labelSmoothing >= 0 && this.labelSmoothing <= 1)) {
      throw new ArgumentError(`CrossEntropyLoss: expected labelSmoothing in [0, 1], got ${this.labelSmoothing}.`);
    }
    if (!Number.isInteger(this.ignoreIndex)) {
      throw new ArgumentError(`CrossEntropyLoss: expected an integer ignoreIndex, got ${this.ignoreIndex}.`);
    }
  }

  /**
   * The reduced cross-entropy of `input` (logits) against `target`.
   *
   * @example
   * ```ts
   * loss.forward(net.forward(X), y).backward();
   * ```
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
      ignoreIndex: this.ignoreIndex,
    });
  }
}
