import { formatShape, type Reduction, ShapeError, shapesEqual, type Tensor, where } from '@strata/core';
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
 * Options of {@link BCEWithLogitsLoss} (PyTorch's keyword arguments).
 *
 * @example
 * ```ts
 * const o: BCEWithLogitsLossOptions = { posWeight: tensor([3, 1, 1]) };
 * ```
 */
export interface BCEWithLogitsLossOptions extends LossOptions, ClassWeightOption {
  /**
   * Weight of the positive term per class, broadcast against the target's last dimension
   * (`num_negatives / num_positives` balances a rare class). Kept as the buffer `pos_weight`.
   */
  posWeight?: Tensor | null;
}

const BCE_WITH_LOGITS_LOSS = argSpec(
  'BCEWithLogitsLoss',
  ['weight', 'sizeAverage', 'reduce', 'reduction', 'posWeight'],
  0,
  { ...CLASS_WEIGHT_CHECK, ...LOSS_CHECKS, posWeight: is.nullable(is.tensor) },
);

/**
 * The arguments of {@link BCEWithLogitsLoss}: PyTorch's `(weight=None, size_average=None,
 * reduce=None, reduction='mean', pos_weight=None)`, positionally or by name in an options
 * object.
 *
 * @example
 * ```ts
 * const args: BCEWithLogitsLossArgs = [{ posWeight: tensor([3]) }];
 * ```
 */
export type BCEWithLogitsLossArgs = PyTorchArgs<
  [
    weight?: null,
    sizeAverage?: boolean | null,
    reduce?: boolean | null,
    reduction?: Reduction,
    posWeight?: Tensor | null,
  ],
  ['weight', 'sizeAverage', 'reduce', 'reduction', 'posWeight'],
  BCEWithLogitsLossOptions
>;

/**
 * Binary cross-entropy on logits (`nn.BCEWithLogitsLoss`): the sigmoid is taken inside, in the
 * numerically stable form `max(x, 0) - x * y + log(1 + exp(-|x|))`. `target` holds
 * probabilities (0/1 labels or soft targets) of the input's shape. With `posWeight` the
 * positive term `-y log(sigmoid(x))` is multiplied by it.
 *
 * @example
 * ```ts
 * const loss = new BCEWithLogitsLoss();
 * loss.forward(tensor([0, 2]), tensor([0, 1])); // tensor(0.4100)
 * ```
 */
export class BCEWithLogitsLoss extends Loss {
  constructor(...args: BCEWithLogitsLossArgs) {
    const options = parseArgs<BCEWithLogitsLossOptions>(BCE_WITH_LOGITS_LOSS, args);
    super('BCEWithLogitsLoss', lossReduction('BCEWithLogitsLoss', options));
    const posWeight = options.posWeight ?? null;
    if (posWeight !== null) this.assertFloat('posWeight', posWeight);
    this.registerBuffer('pos_weight', posWeight);
  }

  /** The positive-class weights, or `null`. */
  get posWeight(): Tensor | null {
    return this.buffer('pos_weight');
  }

  /**
   * The reduced binary cross-entropy of `target` under `sigmoid(input)`.
   *
   * @example
   * ```ts
   * loss.forward(logits, labels.float());
   * ```
   */
  forward(input: Tensor, target: Tensor): Tensor {
    this.assertFloat('input (logits)', input);
    this.assertFloat('target (probabilities)', target);
    if (!shapesEqual(target.shape, input.shape)) {
      throw new ShapeError(
        `BCEWithLogitsLoss: expected target of the input's shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}; reshape one of them.`,
      );
    }
    // softplus(-x) = log(1 + exp(-x)) = max(-x, 0) + log(1 + exp(-|x|)), which never overflows.
    // NOTE: written with where() rather than relu()/abs() so that the gradient at x = 0 is
    // -sigmoid(0) = -0.5; the kinks of relu and abs would both give 0 there.
    const z = input.neg();
    const positive = z.gt(0);
    const softplus = where(positive, z, 0).add(where(positive, z.neg(), z).exp().add(1).log());
    const posWeight = this.posWeight;
    const weighted = posWeight === null ? softplus : softplus.mul(posWeight.sub(1).mul(target).add(1));
    return this.reduce(target.neg().add(1).mul(input).add(weighted));
  }
}
