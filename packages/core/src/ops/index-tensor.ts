import { nameGrad } from '../autograd/record.js';
import { run } from '../autograd/run-kernel.js';
import { sizeFromShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { tensor } from './creation.js';
import { advancedLayout, type IndexItem, planIndex } from './index-plan.js';
import { reshape } from './reshape.js';
import { sliceRaw } from './slice.js';
import { permuteRaw } from './transpose.js';
import { markCopyOf } from './view-copy.js';

/**
 * `x[indices]`, PyTorch's basic and advanced indexing (`x.index(...)` is the method form).
 * Integers (negative count from the end) select, `slice(start, stop, step)` or `'start:stop:step'`
 * slices (positive steps), `null` inserts a dimension of size 1, `'...'` stands for the
 * dimensions not indexed, int32 tensors and integer lists pick elements (broadcast together; their
 * dimensions replace the indexed ones when those are adjacent, else they come first), bool tensors
 * and boolean lists are masks. Gradients scatter back, repeated indices adding up.
 *
 * Integers, slices, `null` and `'...'` alone give a view in PyTorch. strata gives a copy (or, when
 * nothing is left out, an alias): writing into it in place throws, use
 * {@link Tensor.indexPut_} on `x` instead.
 *
 * @example
 * ```ts
 * const X = arange(12).reshape([3, 4]);
 * index(X, 1);                          // X[1]: tensor([4, 5, 6, 7])
 * index(X, ':, 1:3');                   // X[:, 1:3]
 * index(X, slice(0, 2), -1);            // X[0:2, -1]: tensor([3, 7])
 * index(X, [0, 2], [1, 3]);             // X[[0, 2], [1, 3]]: tensor([1, 11])
 * index(X, X.gt(8));                    // X[X > 8]: tensor([ 9, 10, 11])
 * ```
 */
export function index(x: Tensor, ...indices: IndexItem[]): Tensor {
  return nameGrad(indexAny(x, indices), 'IndexBackward');
}

function indexAny(x: Tensor, indices: readonly IndexItem[]): Tensor {
  x._assertAlive();
  const plan = planIndex('index', x.shape, indices);
  if (sizeFromShape(plan.resultShape) === 0) {
    // An empty result still depends on x, so that autograd reaches it (with a zero gradient).
    return reshape(
      sliceRaw(
        x,
        x.shape.map(() => 0),
        x.shape.map((n, k) => (k === 0 ? 0 : n)),
        x.shape.map(() => 1),
      ),
      plan.resultShape,
    );
  }
  const region = plan.sliced ? sliceRaw(x, plan.begin, plan.size, plan.step) : x;
  const basic = reshape(region, plan.basicShape);
  const advanced = plan.advanced;
  if (advanced === null) return plan.sliced ? markCopyOf(basic, x, 'index') : basic;
  const { perm, gathered, place } = advancedLayout(plan, advanced);
  const front = permuteRaw(basic, perm);
  const rows = reshape(front, [-1, ...gathered.slice(advanced.shape.length)]);
  const picked = run('Gather', { x: rows, indices: tensor(advanced.rows, { backend: x.backend }) }, { axis: 0 });
  return permuteRaw(reshape(picked, gathered), place);
}
