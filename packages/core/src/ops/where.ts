import { run } from '../autograd/run-kernel.js';
import { DTypeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { binaryOperands } from './scalar-operands.js';

/**
 * `a` where `condition` is true, `b` elsewhere; all three broadcast. `condition` must be bool.
 *
 * @example
 * ```ts
 * where(x.gt(0), x, 0); // relu
 * ```
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (condition.dtype !== 'bool') {
    throw new DTypeError(
      `where: expected a bool condition, got dtype ${condition.dtype}; compare first, e.g. x.gt(0).`,
    );
  }
  const [x, y] = binaryOperands('where', a, b);
  broadcastShapes('where', condition.shape, x.shape, y.shape);
  return run('Where', { condition, a: x, b: y }, {});
}
