import { run } from '../autograd/run-kernel.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape, normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertIndicesInRange } from './one-hot.js';
import { reshape } from './reshape.js';

/**
 * The entries of `x` at `index` (int32, 1-D or scalar) along `dim` (PyTorch's `index_select`).
 * Indices may repeat; gradients add up.
 *
 * @example
 * ```ts
 * indexSelect(tensor([[1, 2], [3, 4]]), 0, tensor([1, 1], { dtype: 'int32' })); // [[3, 4], [3, 4]]
 * ```
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  if (index.dtype !== 'int32') {
    throw new DTypeError(`indexSelect: expected int32 indices, got dtype ${index.dtype}; cast them with .int().`);
  }
  if (index.rank > 1) {
    throw new ShapeError(
      `indexSelect: expected a 1-D or scalar index, got shape ${formatShape(index.shape)}; flatten it first.`,
    );
  }
  if (x.rank === 0) throw new ShapeError('indexSelect: expected a tensor of rank at least 1, got a scalar.');
  const axis = normalizeDim('indexSelect', dim, x.rank);
  assertIndicesInRange('indexSelect', index, x.shape[axis]!, `indices for dimension ${dim} of ${formatShape(x.shape)}`);
  return run('Gather', { x, indices: reshape(index, [-1]) }, { axis });
}
