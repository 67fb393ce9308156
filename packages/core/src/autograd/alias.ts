import type { GradNode } from './grad-node.js';
import { gradEdge, recordGrad } from './record.js';
import { makeAlias } from '../engine/engine.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** A node that hands the gradient to `next` reshaped to `shape`, the shape of the tensor `next` produced. */
function reshapeNode(name: string, next: GradNode | null, shape: Shape): GradNode {
  return { name, next: [next], saved: [], backward: (dy) => [alias(dy, shape)] };
}

/**
 * @internal A new tensor on `x`'s storage under `shape` (same size): an in-place write through
 * either is seen by both, as with PyTorch's views. Gradients reshape back. This is how `reshape`,
 * `view`, `squeeze` and no-op casts cost nothing. The result records its base (`x`, or `x`'s
 * base when `x` is an alias itself) and never the other way round: a base does not keep its
 * aliases alive.
 */
export function alias(x: Tensor, shape: Shape, name = 'Reshape'): Tensor {
  const out = makeAlias(x, shape);
  out._base = aliasBase(x) ?? x;
  const from = x.shape;
  recordGrad(`${name}Backward`, out, [x], [], (dy) => [alias(dy, from)]);
  return out;
}

/**
 * @internal The tensor whose storage the differentiable alias `t` shares and whose history its
 * own derives from; `null` for a tensor that is no alias, or one moved to another backend since
 * (`moveTo_` leaves its aliases behind).
 */
export function aliasBase(t: Tensor): Tensor | null {
  const base = t._base;
  if (base === null || base._storage === t._storage) return base;
  t._base = null;
  return null;
}

/**
 * @internal The history of the alias `view` as "a reshape of its base", from the base's current
 * history; `null` when the base needs no gradient. An alias derives it again whenever an in-place
 * write through the base or another alias moved the storage's version on since its history was
 * set, as PyTorch regenerates a view's `grad_fn` when its base's version changed.
 */
export function viewHistory(view: Tensor): GradNode | null {
  const base = aliasBase(view);
  if (base === null || !base.requiresGrad) return null;
  return reshapeNode('ViewBackward', gradEdge(base), base.shape);
}

/**
 * @internal Gives `base` the history of an in-place write through its alias `view`, whose new
 * history is `node`: the base's gradient reaches the write reshaped to the alias's shape
 * (PyTorch's `CopySlices`, for an alias that covers the whole buffer).
 */
export function rebaseOnWrite(base: Tensor, view: Tensor, node: GradNode): void {
  base._gradFn = reshapeNode('CopySlices', node, view.shape);
  base._requiresGrad = true;
}

/**
 * @internal A tensor on `x`'s storage that autograd does not connect to `x` (`detach()`): it
 * sees in-place writes to `x` and its writes reach `x`, but a write through it leaves `x`'s
 * history alone.
 */
export function detachedAlias(x: Tensor): Tensor {
  return makeAlias(x, x.shape);
}
