import type { Epilogue, FusedActivation } from '../backend/kernel-map.js';
import type { DType } from '../dtype.js';
import { differentiate, substituteLeaves } from '../elementwise/differentiate.js';
import { Expr } from '../elementwise/expr.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { ArgumentError, StrataError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { relu, sigmoid, tanh, UNARY_BUILDS, UNARY_VJPS } from './unary.js';

const ACTIVATIONS: { readonly [A in FusedActivation]: (x: Tensor) => Tensor } = { relu, sigmoid, tanh };

/** @internal Every {@link FusedActivation}. */
export const FUSED_ACTIVATIONS = Object.keys(ACTIVATIONS) as readonly FusedActivation[];

/**
 * @internal Checks an op's `activation` option: a {@link FusedActivation} or `undefined`.
 */
export function checkActivation(fn: string, activation: unknown): FusedActivation | undefined {
  if (activation === undefined || FUSED_ACTIVATIONS.includes(activation as FusedActivation)) {
    return activation as FusedActivation | undefined;
  }
  throw new ArgumentError(
    `${fn}: expected activation ${FUSED_ACTIVATIONS.map((a) => `'${a}'`).join(', ')} or undefined, got ${typeof activation === 'string' ? `'${activation}'` : String(activation)}; apply other activations after the op.`,
  );
}

/** @internal `activation` applied by its op, where a kernel does not fuse it. */
export function applyActivation(x: Tensor, activation: FusedActivation | undefined): Tensor {
  return activation === undefined ? x : ACTIVATIONS[activation](x);
}

// One epilogue per activation, bias and dtype, so backends find their compiled programs again.
const built = new Map<string, Epilogue>();

/**
 * @internal The epilogue adding a bias (where `bias`) and then applying `activation`, over
 * values of `dtype`: the expressions the unfused ops build, so fused and unfused results agree.
 * `undefined` when there is nothing to apply.
 */
export function epilogueOf(activation: FusedActivation | undefined, bias: boolean, dtype: DType): Epilogue | undefined {
  if (activation === undefined && !bias) return undefined;
  const key = `${activation}/${bias}/${dtype}`;
  let epilogue = built.get(key);
  if (epilogue === undefined) {
    const v = Expr.input(0, dtype);
    const value = bias ? v.add(Expr.input(1, dtype)) : v;
    epilogue = {
      name: activation ?? 'bias',
      expr: activation === undefined ? value : UNARY_BUILDS[activation](value),
      vjp: activation === undefined ? null : activationVjp(activation, dtype),
    };
    built.set(key, epilogue);
  }
  return epilogue;
}

/** The gradient of `activation` at its input, from the gradient and the value of its output. */
function activationVjp(activation: FusedActivation, dtype: DType): Expr {
  const dy = Expr.gradOutput(dtype);
  const y = Expr.output(dtype);
  if (activation === 'relu') return UNARY_VJPS.relu(dy, y, Expr.input(0, dtype));
  const { grads, readsInputs } = differentiate(UNARY_BUILDS[activation](Expr.input(0, dtype)), [true]);
  if (readsInputs.length > 0 || grads[0] == null) {
    throw new StrataError(`epilogueOf: the gradient of '${activation}' must read only its output.`);
  }
  return grads[0];
}

// Each epilogue's gradient expression over [dy, y], built once.
const backwards = new WeakMap<Epilogue, Expr>();

/**
 * @internal The gradient at the value an epilogue was applied to, from `dy` at the kernel's
 * output `y`: the epilogue's `vjp` as one `Elementwise` kernel (or `dy` itself).
 */
export function epilogueBackward(epilogue: Epilogue, dy: Tensor, y: Tensor): Tensor {
  const { vjp } = epilogue;
  if (vjp === null) return dy;
  let expr = backwards.get(epilogue);
  if (expr === undefined) {
    expr = substituteLeaves(vjp, (leaf) =>
      leaf.op === 'gradOutput'
        ? Expr.input(0, leaf.dtype)
        : leaf.op === 'output'
          ? Expr.input(1, leaf.dtype)
          : undefined,
    );
    backwards.set(epilogue, expr);
  }
  return runElementwise(`${epilogue.name}Backward`, [dy, y], expr);
}
