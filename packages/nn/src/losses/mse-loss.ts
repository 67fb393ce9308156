import { mseLoss, type Reduction, type Tensor } from '@strata/core';
import { Loss } from './loss.js';

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
  constructor(options: { reduction?: Reduction } = {}) {
    super('MSELoss', options.reduction);
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
