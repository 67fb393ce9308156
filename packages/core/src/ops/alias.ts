import { recordGrad } from '../autograd/record.js';
import { makeAlias } from '../engine/engine.js';
import { AliasGroup } from '../engine/storage.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

function reshapeBack(name: string, out: Tensor, x: Tensor): void {
  const shape = x.shape;
  recordGrad(`${name}Backward`, out, [x], [], (dy) => [alias(dy, shape)]);
}

/**
 * @internal A new tensor on `x`'s storage under `shape` (same size): an in-place write through
 * either is seen by both, as with PyTorch's views. Gradients reshape back. This is how `reshape`,
 * `view`, `squeeze` and no-op casts cost nothing.
 */
export function alias(x: Tensor, shape: Shape, name = 'Reshape'): Tensor {
  const out = makeAlias(x, shape);
  x._aliases ??= new AliasGroup(x);
  x._aliases.add(out);
  out._aliases = x._aliases;
  reshapeBack(name, out, x);
  return out;
}

/**
 * @internal Gives `a`, an alias of `x`, the history "a reshape of `x`": after an in-place op
 * gave `x` a new history, every differentiable alias of it must see the write in its gradient
 * too (PyTorch rebases views the same way).
 */
export function rebaseAlias(a: Tensor, x: Tensor): void {
  a._gradFn = null;
  reshapeBack('View', a, x);
}

/**
 * @internal A tensor on `x`'s storage that autograd does not connect to `x` (`detach()`): it
 * sees in-place writes to `x` and its writes reach `x`, but a write through it leaves `x`'s
 * history alone.
 */
export function detachedAlias(x: Tensor): Tensor {
  return makeAlias(x, x.shape);
}
