import { StrataError } from '../errors.js';
import { DERIVATIVES } from './derivatives.js';
import { Expr } from './expr.js';

/**
 * The gradient expressions of an elementwise kernel: per input, the gradient in the output's
 * shape (`null` where none flows), over the inputs, `Expr.gradOutput` and `Expr.output`; and what
 * they read, which is what autograd keeps until `backward()`.
 *
 * @example
 * ```ts
 * const x = Expr.input(0, 'float32');
 * differentiate(x.exp(), [true]).readsOutput; // true: exp's gradient is g * exp(x), its output
 * ```
 */
export interface ExprGradients {
  readonly grads: readonly (Expr | null)[];
  /** Positions of the inputs the gradients read. */
  readonly readsInputs: readonly number[];
  readonly readsOutput: boolean;
}

/** Every node of `root` once, operands before their users. */
function topological(root: Expr): Expr[] {
  const order: Expr[] = [];
  const seen = new Set<Expr>();
  const visit = (e: Expr) => {
    if (seen.has(e)) return;
    seen.add(e);
    for (const a of e.args) visit(a);
    order.push(e);
  };
  visit(root);
  return order;
}

/** What the gradients read: inputs by position, and whether the output. */
function reads(grads: readonly (Expr | null)[]): Pick<ExprGradients, 'readsInputs' | 'readsOutput'> {
  const inputs = new Set<number>();
  let output = false;
  for (const g of grads) {
    if (g === null) continue;
    for (const e of topological(g)) {
      if (e.op === 'input') inputs.add(e.value);
      else if (e.op === 'output') output = true;
    }
  }
  return { readsInputs: [...inputs].sort((a, b) => a - b), readsOutput: output };
}

/**
 * Reverse-mode differentiation of `expr` by the rules in `DERIVATIVES`, for the inputs marked
 * in `needs`; `vjp`, when given, replaces the rules with the op's own gradient expressions (an
 * op that keeps its output as PyTorch does, or chooses PyTorch's value at a kink).
 *
 * @example
 * ```ts
 * const [a, b] = [Expr.input(0, 'float32'), Expr.input(1, 'float32')];
 * differentiate(a.mul(b), [true, false]).grads[0]; // gradOutput * b
 * ```
 */
export function differentiate(expr: Expr, needs: readonly boolean[], vjp?: readonly (Expr | null)[]): ExprGradients {
  if (vjp !== undefined) {
    const grads = needs.map((need, i) => (need ? (vjp[i] ?? null) : null));
    return { grads, ...reads(grads) };
  }
  const order = topological(expr);
  // Only nodes that depend on a needed input carry gradients.
  const live = new Set<Expr>();
  for (const e of order) {
    if ((e.op === 'input' && needs[e.value]) || e.args.some((a) => live.has(a))) live.add(e);
  }
  const adjoints = new Map<Expr, Expr>();
  const accumulate = (e: Expr, g: Expr) => {
    const prior = adjoints.get(e);
    adjoints.set(e, prior === undefined ? g : prior.add(g));
  };
  if (live.has(expr)) accumulate(expr, Expr.gradOutput(expr.dtype));
  const byInput = new Map<number, Expr>();
  for (let n = order.length - 1; n >= 0; n--) {
    const e = order[n]!;
    const g = adjoints.get(e);
    if (g === undefined) continue;
    if (e.op === 'input') {
      const prior = byInput.get(e.value);
      byInput.set(e.value, prior === undefined ? g : prior.add(g));
      continue;
    }
    if (e.op === 'const' || e.op === 'gradOutput' || e.op === 'output') continue;
    const rule = DERIVATIVES[e.op];
    if (rule === null) continue;
    const operandGrads = rule(e.args, g, e === expr ? Expr.output(e.dtype) : e);
    if (operandGrads.length !== e.args.length) {
      throw new StrataError(`elementwise: the derivative rule of '${e.op}' gave ${operandGrads.length} gradients.`);
    }
    e.args.forEach((a, i) => {
      const ga = operandGrads[i];
      if (ga != null && live.has(a)) accumulate(a, ga);
    });
  }
  const grads = needs.map((need, i) => (need ? (byInput.get(i) ?? null) : null));
  return { grads, ...reads(grads) };
}

/**
 * `expr` with its leaves replaced by `replace` (which returns `undefined` to keep a leaf).
 *
 * @example
 * ```ts
 * substituteLeaves(g, (leaf) => (leaf.op === 'gradOutput' ? Expr.input(2, leaf.dtype) : undefined));
 * ```
 */
export function substituteLeaves(expr: Expr, replace: (leaf: Expr) => Expr | undefined): Expr {
  const done = new Map<Expr, Expr>();
  const visit = (e: Expr): Expr => {
    const prior = done.get(e);
    if (prior !== undefined) return prior;
    let out: Expr;
    if (e.args.length === 0) out = replace(e) ?? e;
    else {
      const args = e.args.map(visit);
      out = args.every((a, i) => a === e.args[i]) ? e : Expr.apply(e.op as never, args, e.dtype);
    }
    done.set(e, out);
    return out;
  };
  return visit(expr);
}
