import { nameGrad } from '../autograd/record.js';
import { run } from '../autograd/run-kernel.js';
import { commonBackend } from '../engine/engine.js';
import { DTypeError, ShapeError } from '../errors.js';
import { broadcastShapes, formatShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { cast } from './cast.js';
import { full, tensor } from './creation.js';
import { broadcastTo } from './expand.js';
import { IndexSlice } from './index-slice.js';
import { advancedLayout, type IndexItem, type IndexPlan, planIndex } from './index-plan.js';
import { reshape } from './reshape.js';
import { sliceRaw } from './slice.js';
import { permuteRaw } from './transpose.js';
import { where } from './where.js';
import { checkOptions, optionKeys } from '../check-options.js';

/**
 * Options of {@link indexPut}.
 *
 * @example
 * ```ts
 * counts.indexPut_([labels], 1, { accumulate: true }); // counts[labels] += 1, repeats counted
 * ```
 */
export interface IndexPutOptions {
  /** Add `value` to the indexed elements instead of replacing them; repeated indices add up. */
  accumulate?: boolean;
}

/** The inverse of permutation `perm`. */
function inverse(perm: readonly number[]): number[] {
  const out = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    out[p] = i;
  });
  return out;
}

/** `region` (the plan's slice of `x`, rewritten) put back into `x`. */
function writeRegion(x: Tensor, plan: IndexPlan, region: Tensor): Tensor {
  if (!plan.sliced) return reshape(region, x.shape);
  const attrs = { shape: x.shape, begin: plan.begin, step: plan.step };
  const placed = run('SliceScatter', { x: reshape(region, plan.size) }, attrs);
  const mask = run('SliceScatter', { x: full(plan.size, true, { backend: x.backend }) }, attrs);
  return where(mask, placed, x);
}

/** A lone bool mask over the leading dimensions (then only `:` and `...`): a `where`, no mask readback. */
function leadingMask(x: Tensor, items: readonly IndexItem[]): Tensor | undefined {
  const [mask, ...rest] = items;
  if (!(mask instanceof Tensor) || mask.dtype !== 'bool' || mask.rank === 0 || mask.rank > x.rank) return undefined;
  if (mask.shape.some((n, k) => n !== x.shape[k])) return undefined;
  const full = (it: IndexItem) =>
    it === '...' || (it instanceof IndexSlice && it.start === null && it.stop === null && (it.step ?? 1) === 1);
  return rest.every(full) ? mask : undefined;
}

/**
 * `x` with `x[indices]` replaced by `value` (or, with `accumulate`, increased by it): the
 * out-of-place form of PyTorch's `x[indices] = value` and `index_put`. `indices` is one
 * {@link IndexItem} or an array of them (an array is the tuple between the brackets: a list
 * index goes in its own array, `[[0, 2]]`); `value` broadcasts to the shape `x.index(...indices)`
 * has and is cast to `x`'s dtype. Without `accumulate`, the last of repeated indices wins.
 * Gradients reach `value` and the elements of `x` left in place.
 *
 * @example
 * ```ts
 * indexPut(zeros([2, 3]), [0, -1], 7);          // [[0, 0, 7], [0, 0, 0]]
 * indexPut(ones([6, 8]), ':, 2:6', 0);          // the chapter's X[:, 2:6] = 0
 * indexPut(zeros([3]), [[[0, 0, 2]]], 1, { accumulate: true }); // tensor([2., 0., 1.])
 * ```
 */
export function indexPut(
  x: Tensor,
  indices: IndexItem | readonly IndexItem[],
  value: TensorLike,
  options: IndexPutOptions = {},
): Tensor {
  checkOptions('indexPut', options, optionKeys<IndexPutOptions>({ accumulate: true }));
  const out = indexPutShared(x, indices, value, options);
  // A write that covers all of x may be an alias of value; the result owns its storage, as PyTorch's.
  return nameGrad(value instanceof Tensor && out._storage === value._storage ? out.clone() : out, 'IndexPutBackward');
}

function indexPutShared(
  x: Tensor,
  indices: IndexItem | readonly IndexItem[],
  value: TensorLike,
  options: IndexPutOptions = {},
): Tensor {
  x._assertAlive();
  const items = Array.isArray(indices) ? (indices as readonly IndexItem[]) : [indices as IndexItem];
  const accumulate = options.accumulate ?? false;
  if (accumulate && x.dtype === 'bool') {
    throw new DTypeError('indexPut: expected a numeric tensor with accumulate, got dtype bool; cast it with .int().');
  }
  if (value instanceof Tensor) commonBackend('indexPut', [x, value]);
  const v =
    value instanceof Tensor
      ? value.dtype === x.dtype
        ? value
        : cast(value, x.dtype)
      : full([], value, { dtype: x.dtype, backend: x.backend });
  const mask = leadingMask(x, items);
  if (mask !== undefined && v.rank <= x.rank - mask.rank) {
    const m = reshape(mask, [...mask.shape, ...new Array<number>(x.rank - mask.rank).fill(1)]);
    return accumulate ? x.add(where(m, v, 0)) : where(m, v, x);
  }
  const plan = planIndex('indexPut', x.shape, items);
  const broadcastValue = (shape: readonly number[]) => {
    // PyTorch drops a value's leading size-1 dimensions first: x[1] = tensor([5.]) writes one element.
    const lead = v.shape.findIndex((n) => n !== 1);
    const stripped = lead < 0 ? [] : v.shape.slice(lead);
    try {
      broadcastShapes('indexPut', stripped, shape);
    } catch {
      throw new ShapeError(
        `indexPut: expected a value that broadcasts to the indexed shape ${formatShape(shape)}, got shape ${formatShape(v.shape)}.`,
      );
    }
    return broadcastTo(stripped.length === v.rank ? v : reshape(v, stripped), shape);
  };
  const values = broadcastValue(plan.resultShape);
  const advanced = plan.advanced;
  if (advanced === null) {
    const region = plan.sliced
      ? reshape(sliceRaw(x, plan.begin, plan.size, plan.step), plan.basicShape)
      : reshape(x, plan.basicShape);
    return writeRegion(x, plan, accumulate ? region.add(values) : values);
  }
  const { perm, gathered, place } = advancedLayout(plan, advanced);
  const region = reshape(plan.sliced ? sliceRaw(x, plan.begin, plan.size, plan.step) : x, plan.basicShape);
  const front = permuteRaw(region, perm);
  const rows = reshape(front, [-1, ...gathered.slice(advanced.shape.length)]);
  const updates = reshape(permuteRaw(values, inverse(place)), [-1, ...gathered.slice(advanced.shape.length)]);
  const written = run(
    'IndexScatter',
    { x: rows, indices: tensor(advanced.rows, { backend: x.backend }), values: updates },
    { axis: 0, accumulate },
  );
  return writeRegion(x, plan, permuteRaw(reshape(written, front.shape), inverse(perm)));
}
