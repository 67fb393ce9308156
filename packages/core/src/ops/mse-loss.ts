import { ShapeError } from '../errors.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertFloat } from './creation.js';
import { applyReduction, type Reduction } from './reduction-mode.js';
import { checkOptions } from '../check-options.js';

/**
 * Mean squared error `(input - target)^2`, reduced. Shapes must match: PyTorch broadcasts with
 * a warning, which usually hides a bug, so strata refuses.
 *
 * @example
 * ```ts
 * mseLoss(tensor([1, 2]), tensor([1, 4])); // tensor(2.)
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  checkOptions('mseLoss', options, ['reduction']);
  assertFloat('mseLoss', input);
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(
      `mseLoss: expected target of the input's shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}; reshape one of them (e.g. target.reshape(${formatShape(input.shape)})).`,
    );
  }
  const diff = input.sub(target);
  return applyReduction('mseLoss', diff.mul(diff), options.reduction ?? 'mean');
}
