import {
  ArgumentError,
  DTypeError,
  formatShape,
  oneHot,
  type Reduction,
  ShapeError,
  shapesEqual,
  type Tensor,
  where,
} from '@strata/core';
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
 * Options of {@link NLLLoss} (PyTorch's keyword arguments, camelCase).
 *
 * @example
 * ```ts
 * const o: NLLLossOptions = { reduction: 'sum', ignoreIndex: 0 };
 * ```
 */
export interface NLLLossOptions extends LossOptions, ClassWeightOption {
  /** Targets equal to this contribute nothing and are not counted by the mean (default -100). */
  ignoreIndex?: number;
}

const NLL_LOSS = argSpec('NLLLoss', ['weight', 'sizeAverage', 'ignoreIndex', 'reduce', 'reduction'], 0, {
  ...CLASS_WEIGHT_CHECK,
  ...LOSS_CHECKS,
  ignoreIndex: is.number,
});

/**
 * The arguments of {@link NLLLoss}: PyTorch's `(weight=None, size_average=None,
 * ignore_index=-100, reduce=None, reduction='mean')`, positionally or by name in an options
 * object.
 *
 * @example
 * ```ts
 * const args: NLLLossArgs = [{ ignoreIndex: 0 }];
 * ```
 */
export type NLLLossArgs = PyTorchArgs<
  [weight?: null, sizeAverage?: boolean | null, ignoreIndex?: number, reduce?: boolean | null, reduction?: Reduction],
  ['weight', 'sizeAverage', 'ignoreIndex', 'reduce', 'reduction'],
  NLLLossOptions
>;

/**
 * The negative log-likelihood loss (`nn.NLLLoss`): `-input[n, target[n]]`, for `input` holding
 * log-probabilities (`[N, C]`, `[N, C, d1, ...]` or `[C]`, e.g. from `LogSoftmax(1)`) and
 * `target` int32 class indices (the input's shape without dimension 1). `LogSoftmax` followed
 * by `NLLLoss` is `CrossEntropyLoss`.
 *
 * @example
 * ```ts
 * const loss = new NLLLoss();
 * loss.forward(logSoftmax(logits, 1), tensor([0, 2], { dtype: 'int32' }));
 * ```
 */
export class NLLLoss extends Loss {
  readonly ignoreIndex: number;

  constructor(...args: NLLLossArgs) {
    const options = parseArgs<NLLLossOptions>(NLL_LOSS, args);
    super('NLLLoss', lossReduction('NLLLoss', options));
    this.ignoreIndex = options.ignoreIndex ?? -100;
    if (!Number.isInteger(this.ignoreIndex)) {
      throw new ArgumentError(`NLLLoss: expected an integer ignoreIndex, got ${this.ignoreIndex}.`);
    }
  }

  /**
   * The reduced negative log-likelihood of `target` under `input`.
   *
   * @example
   * ```ts
   * loss.forward(logProbs, y);
   * ```
   */
  forward(input: Tensor, target: Tensor): Tensor {
    this.assertFloat('input (log-probabilities)', input);
    if (target.dtype !== 'int32') {
      throw new DTypeError(
        `NLLLoss: expected int32 class indices as target, got dtype ${target.dtype}; cast them with .int().`,
      );
    }
    if (input.rank === 0)
      throw new ShapeError('NLLLoss: expected input of shape [N, C], [N, C, d1, ...] or [C], got a scalar.');
    const classDim = input.rank === 1 ? 0 : 1;
    const numClasses = input.shape[classDim]!;
    const expected = input.shape.filter((_, i) => i !== classDim);
    if (!shapesEqual(target.shape, expected)) {
      throw new ShapeError(
        `NLLLoss: expected target of shape ${formatShape(expected)} for input of shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}.`,
      );
    }
    const valid = target.ne(this.ignoreIndex);
    const safeTarget = where(valid, target, 0);
    this.#assertInRange(safeTarget, numClasses);
    const picks = oneHot(safeTarget, numClasses, input.dtype).movedim(-1, classDim);
    const losses = where(valid, picks.mul(input).sum(classDim).neg(), 0);
    return this.reduce(losses, this.reduction === 'mean' ? valid.sum().cast(input.dtype) : undefined);
  }

  // Reads the (small) index tensor, as PyTorch does, so that a bad label fails here with the
  // loss's name rather than deep inside oneHot.
  #assertInRange(indices: Tensor, numClasses: number): void {
    if (indices.size === 0) return;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of indices.dataSync()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (lo < 0 || hi >= numClasses) {
      throw new ArgumentError(
        `NLLLoss: expected class indices in [0, ${numClasses - 1}] (or ignoreIndex ${this.ignoreIndex}), got values from ${lo} to ${hi}.`,
      );
    }
  }
}
