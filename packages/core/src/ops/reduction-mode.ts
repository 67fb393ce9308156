import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';

/**
 * How a loss combines its per-element values (PyTorch's `reduction`).
 *
 * @example
 * ```ts
 * mseLoss(input, target, { reduction: 'none' }); // one loss per element, as PyTorch's reduction='none'
 * ```
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** @internal Applies `reduction` to per-element losses; `count` overrides the mean's divisor. */
export function applyReduction(op: string, losses: Tensor, reduction: Reduction, count?: Tensor | number): Tensor {
  switch (reduction) {
    case 'none':
      return losses;
    case 'sum':
      return losses.sum();
    case 'mean':
      return count === undefined ? losses.mean() : losses.sum().div(count);
    default:
      throw new ArgumentError(`${op}: expected reduction 'mean', 'sum' or 'none', got '${String(reduction)}'.`);
  }
}
