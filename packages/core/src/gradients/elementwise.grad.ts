import type { ElementwiseAttrs } from '../backend/kernel-map.js';
import { differentiate, type ExprGradients, substituteLeaves } from '../elementwise/differentiate.js';
import { Expr } from '../elementwise/expr.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { zeros } from '../ops/creation.js';
import { sumToShape } from '../ops/expand.js';
import type { Tensor } from '../tensor.js';
import type { Gradient } from './grad-func.js';

// The derivation per expression object and set of inputs needing gradients: `saves` derives it
// when the op runs, `backward` reuses it.
const derived = new WeakMap<Expr, Map<string, ExprGradients>>();

function gradientsOf(attrs: ElementwiseAttrs, needs: readonly boolean[]): ExprGradients {
  let byNeeds = derived.get(attrs.expr);
  if (byNeeds === undefined) {
    byNeeds = new Map();
    derived.set(attrs.expr, byNeeds);
  }
  const key = needs.map(Number).join('');
  let result = byNeeds.get(key);
  if (result === undefined) {
    result = differentiate(attrs.expr, needs, attrs.vjp);
    byNeeds.set(key, result);
  }
  return result;
}

/**
 * Runs the gradient expression `g` as one `Elementwise` kernel: its leaves read the inputs it
 * uses, `dy` and the saved output.
 */
function runGradient(name: string, g: Expr, read: (leaf: Expr) => Tensor): Tensor {
  const tensors: Tensor[] = [];
  const slots = new Map<Tensor, Expr>();
  const expr = substituteLeaves(g, (leaf) => {
    if (leaf.op === 'const') return undefined;
    const t = read(leaf);
    let slot = slots.get(t);
    if (slot === undefined) {
      slot = Expr.input(tensors.push(t) - 1, t.dtype);
      slots.set(t, slot);
    }
    return slot;
  });
  return runElementwise(`${name}Backward`, tensors, expr);
}

/**
 * Gradient of `Elementwise`: the expression differentiated by the primitives' rules (or the op's
 * own `vjp`), one `Elementwise` kernel per input that needs a gradient, summed back over
 * broadcast dimensions. It keeps exactly the inputs (and the output) those expressions read.
 */
export const elementwiseGrad: Gradient<'Elementwise'> = {
  saves: (attrs, needs) => {
    const { readsInputs, readsOutput } = gradientsOf(attrs, needs.xs);
    return { inputs: readsInputs.map((i) => ['xs', i] as const), outputs: readsOutput ? [0] : [] };
  },
  backward: (dy, { attrs, inputs, savedAt, output }) => {
    const { grads } = gradientsOf(
      attrs,
      inputs.xs.map((x) => x.requiresGrad),
    );
    return {
      xs: inputs.xs.map((x, i) => {
        if (!x.requiresGrad) return null;
        const g = grads[i];
        // Piecewise-constant expressions (floor, sign, comparisons) pass a zero gradient.
        if (g == null) return zeros(x.shape, { dtype: x.dtype, backend: dy.backend });
        const full = runGradient(attrs.name, g, (leaf) =>
          leaf.op === 'gradOutput' ? dy : leaf.op === 'output' ? output(0) : savedAt('xs', leaf.value),
        );
        return sumToShape(full, x.shape);
      }),
    };
  },
};
