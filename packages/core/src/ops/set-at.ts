import { run } from '../autograd/run-kernel.js';
import { ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { cast } from './cast.js';
import { full } from './creation.js';
import { expand } from './expand.js';
import { reshape } from './reshape.js';
import { where } from './where.js';

/**
 * `x` with the sub-tensor at `index` (one index per leading dimension) replaced by `value`,
 * broadcast to that sub-tensor's shape: the out-of-place form of PyTorch's `x[i, j] = value`.
 * Built from `SliceScatter` and `Where`, so it runs on every backend without reading values.
 *
 * @example
 * ```ts
 * setAt(zeros([2, 3]), [1], 5); // [[0, 0, 0], [5, 5, 5]]
 * setAt(zeros([2, 3]), [0, -1], 7); // [[0, 0, 7], [0, 0, 0]]
 * ```
 */
export function setAt(x: Tensor, index: readonly number[], value: TensorLike): Tensor {
  if (index.length > x.rank) {
    throw new ShapeError(
      `setAt: expected at most ${x.rank} indices for a tensor of shape ${formatShape(x.shape)}, got ${index.length}.`,
    );
  }
  const begin = x.shape.map((size, d) => {
    if (d >= index.length) return 0;
    const i = index[d]!;
    const j = i < 0 ? i + size : i;
    if (!Number.isInteger(i) || j < 0 || j >= size) {
      throw new ShapeError(
        `setAt: expected index ${i} in [${-size}, ${size - 1}] for dimension ${d} of shape ${formatShape(x.shape)}.`,
      );
    }
    return j;
  });
  const blockShape = x.shape.map((size, d) => (d < index.length ? 1 : size));
  const block =
    value instanceof Tensor ? cast(value, x.dtype) : full([], value, { dtype: x.dtype, backend: x.backend });
  const placed = reshape(expand(block, blockShape.slice(index.length)), blockShape);
  const unit = x.shape.map(() => 1);
  const values = run('SliceScatter', { x: placed }, { shape: x.shape, begin, step: unit });
  const mask = run(
    'SliceScatter',
    { x: full(blockShape, true, { backend: x.backend }) },
    { shape: x.shape, begin, step: unit },
  );
  return where(mask, values, x);
}
