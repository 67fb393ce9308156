import { keep, swapData, tidy } from '../engine/engine.js';
import { checkForLeaks } from '../engine/leak-check.js';
import { AutogradError, DisposedError, ShapeError } from '../errors.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { noGrad } from './grad-mode.js';
import type { GradNode } from './grad-node.js';

/** Tensors reachable from `root` through recorded nodes, inputs before the tensors made from them. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, next] = top;
    const inputs = t._gradFn?.inputs ?? [];
    if (next < inputs.length) {
      top[1]++;
      const input = inputs[next]!;
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

function checkSaved(node: GradNode): void {
  node.saved.forEach((t, i) => {
    if (t.isDisposed) {
      throw new DisposedError(
        `backward: a tensor of shape ${formatShape(t.shape)} saved by ${node.name} was disposed before backward(); run the forward pass and backward() inside the same tidy().`,
      );
    }
    if (t._version !== node.savedVersions[i]) {
      throw new AutogradError(
        `backward: a tensor of shape ${formatShape(t.shape)} saved by ${node.name} was modified in place after it was used; clone it before modifying, or modify it under noGrad() after backward().`,
      );
    }
  });
}

/**
 * Computes the gradient of `root` with respect to every leaf tensor that requires one, and
 * accumulates it into the leaves' `.grad` (PyTorch's `tensor.backward()`). Without
 * `retainGraph` the graph is freed, and a second backward through it throws.
 *
 * @internal Users call `tensor.backward()`.
 */
export function backward(root: Tensor, gradient?: Tensor, options: { retainGraph?: boolean } = {}): void {
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
  const order = topologicalOrder(root);
  noGrad(() =>
    tidy(() => {
      const grads = new Map<Tensor, Tensor>();
      const assigned = new Set<Tensor>();
      grads.set(root, gradient ?? root.onesLike());
      for (let i = order.length - 1; i >= 0; i--) {
        const t = order[i]!;
        const dy = grads.get(t);
        if (dy === undefined) continue;
        const node = t._gradFn;
        if (node === null) {
          accumulateLeafGrad(t, dy, assigned, dy === gradient);
          continue;
        }
        if (node.backward === null) {
          throw new AutogradError(
            `backward: the graph through ${node.name} was already freed by an earlier backward(); pass { retainGraph: true } to the first call to run backward twice.`,
          );
        }
        checkSaved(node);
        const inputGrads = node.backward(dy);
        node.inputs.forEach((input, k) => {
          const g = inputGrads[k];
          if (g === null || g === undefined || !input.requiresGrad) return;
          const prev = grads.get(input);
          grads.set(input, prev === undefined ? g : prev.add(g));
        });
      }
    }),
  );
  if (!options.retainGraph) {
    for (const t of order) {
      const node = t._gradFn;
      if (node === null) continue;
      node.backward = null;
      node.inputs = [];
      node.saved = [];
    }
  }
}

function accumulateLeafGrad(leaf: Tensor, g: Tensor, assigned: Set<Tensor>, isUserGradient: boolean): void {
  if (leaf.grad === null) {
    // A gradient tensor may flow to several leaves (add passes dy through unchanged); each leaf
    // owns a separate copy so that in-place accumulation into one never touches another.
    const own = assigned.has(g) || isUserGradient ? g.clone() : g;
    assigned.add(own);
    leaf.grad = keep(own);
    return;
  }
  swapData(leaf.grad, leaf.grad.add(g));
}
