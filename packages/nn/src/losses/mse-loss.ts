import { mseLoss, type Reduction, type Tensor } from '@strata/core';
import { argSpec, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { LOSS_CHECKS, Loss, type LossOptions, lossReduction } from './loss.js';

const MSE_LOSS = argSpec('MSELoss', ['sizeAverage', 'reduce', 'reduction'], 0, LOSS_CHECKS);

/**
 * The arguments of {@link MSELoss}: PyTorch's `(size_average=None, reduce=None,
 * reduction='mean')`, positionally or by name in an options object.
 *
 * @example
 * ```ts
 * const args: MSELossArgs = [{ reduction: 'sum' }];
 * ```
 */
export type MSELossArgs = PyTorchArgs<
  [sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: Reduction],
  ['sizeAverage', 'reduce', 'reduction'],
  LossOptions
>;

/**
 * Mean squared error `(input - target)^2` as a module (`nn.MSELoss`). Shapes must match
 * (PyTorch only warns when they broadcast, which usually hides a bug).
 *
 * @example
 * ```ts
 * const loss = new MSELoss();
 * loss.forward(tensor([1, 2]), tensor([1, 4])); // tensor(2.)
 * ```
 */
export class MSELoss extends Loss {
  constructor(...args: MSELossArgs) {
    super('MSELoss', lossReduction('MSELoss', parseArgs<LossOptions>(MSE_LOSS, args)));
  }

  /**
   * The reduced squared errors.
   *
   * @example
   * ```ts
   * loss.forward(yHat, y);
   * ```
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}
