import { keep, tidy, writeData } from '../engine/engine.js';
import { checkForLeaks } from '../engine/leak-check.js';
import type { Storage } from '../engine/storage.js';
import { AutogradError, DisposedError, ShapeError } from '../errors.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { noGrad } from './grad-mode.js';
import type { GradNode, SavedTensor } from './grad-node.js';
import { gradEdge } from './record.js';
import { checkOptions } from '../check-options.js';

/** Nodes reachable from `root`, each after every node it feeds (inputs before the ops that read them). */
function topologicalOrder(root: GradNode): GradNode[] {
  const order: GradNode[] = [];
  const visited = new Set<GradNode>([root]);
  const stack: [GradNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [node, next] = top;
    if (next < node.next.length) {
      top[1]++;
      const input = node.next[next];
      if (input != null && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

function checkSaved(node: GradNode, { tensor: t, version }: SavedTensor): Tensor {
  if (t.isDisposed) {
    throw new DisposedError(
      `backward: a tensor of shape ${formatShape(t.shape)} saved by ${node.name} was disposed before backward(); run the forward pass and backward() inside the same tidy().`,
    );
  }
  const storage = t._storage;
  const source = storage.copyOf;
  if (storage.version !== version || (source !== null && source.storage.version !== source.version)) {
    const stale = storage.version !== version ? storage : source!.storage;
    const by = stale.writer === null ? '' : ` by ${stale.writer}`;
    const what = stale === storage ? 'was' : `was taken by ${source!.op}() from a tensor that was`;
    throw new AutogradError(
      `backward: a tensor of shape ${formatShape(t.shape)} saved by ${node.name} ${what} modified in place${by} after it was saved (PyTorch: one of the variables needed for gradient computation has been modified by an inplace operation); clone() it before modifying it, or modify it after backward().`,
    );
  }
  return t;
}

/**
 * Computes the gradient of `root` with respect to every leaf tensor that requires one, and
 * accumulates it into the leaves' `.grad` (PyTorch's `tensor.backward()`). Without
 * `retainGraph` the graph is freed, and a second backward through it throws.
 *
 * @internal Users call `tensor.backward()`.
 */
export function backward(root: Tensor, gradient?: Tensor, options: { retainGraph?: boolean } = {}): void {
  checkOptions('backward', options, ['retainGraph']);
  if (!root.requiresGrad) {
    throw new AutogradError(
      'backward: expected a tensor that requires grad, got one that does not; create its inputs with { requiresGrad: true } and do not compute it under noGrad().',
    );
  }
  if (gradient === undefined && root.size !== 1) {
    throw new AutogradError(
      `backward: expected a scalar output or an explicit gradient, got shape ${formatShape(root.shape)}; reduce it first (e.g. loss.sum()) or pass a gradient of the same shape.`,
    );
  }
  if (gradient !== undefined && !shapesEqual(gradient.shape, root.shape)) {
    throw new ShapeError(
      `backward: expected a gradient of shape ${formatShape(root.shape)}, got ${formatShape(gradient.shape)}.`,
    );
  }
  checkForLeaks();
  const rootNode = gradEdge(root)!;
  const order = topologicalOrder(rootNode);
  noGrad(() =>
    tidy(() => {
      const grads = new Map<GradNode, Tensor>();
      const assigned = new Set<Storage>();
      if (gradient !== undefined) assigned.add(gradient._storage);
      grads.set(rootNode, gradient ?? root.onesLike());
      for (let i = order.length - 1; i >= 0; i--) {
        const node = order[i]!;
        const dy = grads.get(node);
        if (dy === undefined) continue;
        if (node.leaf !== undefined) {
          accumulateLeafGrad(node.leaf, dy, assigned);
          continue;
        }
        if (node.backward === null) {
          throw new AutogradError(
            `backward: the graph through ${node.name} was already freed by an earlier backward(); pass { retainGraph: true } to the first call to run backward twice.`,
          );
        }
        const inputGrads = node.backward(
          dy,
          node.saved.map((s) => checkSaved(node, s)),
        );
        node.next.forEach((input, k) => {
          const g = inputGrads[k];
          if (input === null || g === null || g === undefined) return;
          const prev = grads.get(input);
          grads.set(input, prev === undefined ? g : prev.add(g));
        });
      }
    }),
  );
  if (!options.retainGraph) {
    for (const node of order) {
      if (node.leaf !== undefined) continue;
      node.backward = null;
      node.next = [];
      node.saved = [];
    }
  }
}

function accumulateLeafGrad(leaf: Tensor, g: Tensor, assigned: Set<Storage>): void {
  if (leaf.grad === null) {
    // A gradient's buffer may reach several leaves (add passes dy through unchanged, a reshape
    // aliases it) or be the caller's; each leaf owns a separate storage so that in-place
    // accumulation into one never touches another. A copy standing for a view (a transpose's
    // gradient) would refuse the optimizer's in-place updates.
    const own = assigned.has(g._storage) || g._storage.copyOf !== null ? g.clone() : g;
    assigned.add(own._storage);
    leaf.grad = keep(own);
    return;
  }
  writeData(leaf.grad, leaf.grad.add(g), 'backward');
}
