import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';
import type { GradNode } from './grad-node.js';

let watching: Set<Tensor> | null = null;

/**
 * @internal Runs `fn` and collects every tensor the ops it runs save for backward: an in-place op
 * frees its snapshot of the old value at once unless a gradient needs it.
 */
export function watchSaved<T>(fn: () => T): { result: T; saved: ReadonlySet<Tensor> } {
  const outer = watching;
  const saved = new Set<Tensor>();
  watching = saved;
  try {
    return { result: fn(), saved };
  } finally {
    watching = outer;
    if (outer !== null) for (const t of saved) outer.add(t);
  }
}

/**
 * @internal Names the node that produced `out`, a composite op's result, after the op
 * (`IndexBackward` rather than the `GatherBackward` of its last kernel), as its `gradFn` prints.
 */
export function nameGrad(out: Tensor, name: string): Tensor {
  if (out._gradFn !== null) out._gradFn.name = name;
  return out;
}

/** @internal The node a gradient for `t` flows into: its producer, or its leaf accumulator. */
export function gradEdge(t: Tensor): GradNode | null {
  if (!t.requiresGrad) return null;
  if (t._gradFn !== null) return t._gradFn;
  t._accumulator ??= { name: 'AccumulateGrad', next: [], saved: [], backward: null, leaf: t };
  return t._accumulator;
}

/**
 * @internal Attaches a backward closure to `output` when gradients are on and some input needs
 * one, and returns the node (or `null`). `saved` lists the tensors the closure reads; it
 * receives them again at backward time, after autograd checked that none was changed in place
 * or disposed.
 */
export function recordGrad(
  name: string,
  output: Tensor,
  inputs: readonly Tensor[],
  saved: readonly Tensor[],
  backward: (dy: Tensor, saved: readonly Tensor[]) => readonly (Tensor | null)[],
): GradNode | null {
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return null;
  if (watching !== null) for (const t of saved) watching.add(t);
  const node: GradNode = {
    name,
    next: inputs.map(gradEdge),
    saved: saved.map((tensor) => ({ tensor, version: tensor._version })),
    backward,
  };
  output._gradFn = node;
  output._requiresGrad = true;
  return node;
}
