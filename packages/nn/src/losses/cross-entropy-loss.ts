import { ArgumentError, crossEntropy, type Reduction, type Tensor } from '@strata/core';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import {
  CLASS_WEIGHT_CHECK,
  type ClassWeightOption,
  LOSS_CHECKS,
  Loss,
  type LossOptions,
  lossReduction,
} from './loss.js';

/**
 * Options of {@link CrossEntropyLoss} (PyTorch's keyword arguments, camelCase).
 *
 * @example
 * ```ts
 * const o: CrossEntropyLossOptions = { reduction: 'none', labelSmoothing: 0.1 };
 * ```
 */
export interface CrossEntropyLossOptions extends LossOptions, ClassWeightOption {
  /** Targets equal to this contribute nothing and are not counted by the mean (default -100). */
  ignoreIndex?: number;
  /** Mix the target with the uniform distribution by this much, in [0, 1] (default 0). */
  labelSmoothing?: number;
}

const CROSS_ENTROPY_LOSS = argSpec(
  'CrossEntropyLoss',
  ['weight', 'sizeAverage', 'ignoreIndex', 'reduce', 'reduction', 'labelSmoothing'],
  0,
  { ...CLASS_WEIGHT_CHECK, ...LOSS_CHECKS, ignoreIndex: is.number, labelSmoothing: is.number },
);

/**
 * The arguments of {@link CrossEntropyLoss}: PyTorch's `(weight=None, size_average=None,
 * ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0)`, positionally or by
 * name in an options object.
 *
 * @example
 * ```ts
 * const args: CrossEntropyLossArgs = [{ reduction: 'none' }];
 * ```
 */
export type CrossEntropyLossArgs = PyTorchArgs<
  [
    weight?: null,
    sizeAverage?: boolean | null,
    ignoreIndex?: number,
    reduce?: boolean | null,
    reduction?: Reduction,
    labelSmoothing?: number,
  ],
  ['weight', 'sizeAverage', 'ignoreIndex', 'reduce', 'reduction', 'labelSmoothing'],
  CrossEntropyLossOptions
>;

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

  constructor(...args: CrossEntropyLossArgs) {
    const options = parseArgs<CrossEntropyLossOptions>(CROSS_ENTROPY_LOSS, args);
    super('CrossEntropyLoss', lossReduction('CrossEntropyLoss', options));
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
