import { run } from '../autograd/run-kernel.js';
import { ShapeError } from '../errors.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { alias } from '../autograd/alias.js';
import { reshape } from './reshape.js';
import { markCopyOf } from './view-copy.js';

/**
 * `x` repeated along its size-1 dimensions to `shape` (new leading dimensions allowed; `-1`
 * keeps a size). Gradients sum back. A copy where PyTorch returns a view (see
 * {@link Tensor.index}) unless the shape is unchanged.
 *
 * @example
 * ```ts
 * tensor([[1], [2]]).expand([2, 3]); // [[1, 1, 1], [2, 2, 2]]
 * ```
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const out = broadcastTo(x, shape);
  return out._storage === x._storage ? out : markCopyOf(out, x, 'expand');
}

/** @internal {@link expand} for library code: its copies are not marked as standing for views. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  if (shape.length < x.rank) {
    throw new ShapeError(
      `expand: expected at least ${x.rank} dimensions for a tensor of shape ${formatShape(x.shape)}, got ${formatShape(shape)}.`,
    );
  }
  const lead = shape.length - x.rank;
  const target = shape.map((d, i) => {
    const own = i >= lead ? x.shape[i - lead]! : undefined;
    if (d === -1) {
      if (own === undefined)
        throw new ShapeError(
          `expand: expected -1 only for existing dimensions, got ${formatShape(shape)} for ${formatShape(x.shape)}.`,
        );
      return own;
    }
    if (own !== undefined && own !== 1 && own !== d) {
      throw new ShapeError(
        `expand: expected size ${own} or a size-1 dimension at position ${i}, got target ${formatShape(shape)} for a tensor of shape ${formatShape(x.shape)}.`,
      );
    }
    return d;
  });
  if (shapesEqual(target, x.shape)) return alias(x, x.shape, 'Expand');
  const lifted = lead > 0 ? reshape(x, [...new Array<number>(lead).fill(1), ...x.shape]) : x;
  return run('BroadcastTo', { x: lifted }, { shape: target });
}

/**
 * @internal Sums a broadcast gradient back to `shape`: over leading dimensions and dimensions
 * where `shape` has size 1.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  const summed = axes.length > 0 ? g.sum(axes, true) : g;
  return reshape(summed, shape);
}
