import { noGrad } from '../autograd/grad-mode.js';
import { checkOptions } from '../check-options.js';
import { findBackend } from '../backend/registry.js';
import { isFloat } from '../dtype.js';
import { tidy } from '../engine/engine.js';
import { AutogradError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { GRADCHECK_FLOAT32, GRADCHECK_FLOAT64, type Tolerance } from './tolerances.js';

/**
 * Options of {@link gradcheck}.
 *
 * @example
 * ```ts
 * gradcheck((x) => x.exp(), [randn([3])], { atol: 1e-6 });
 * ```
 */
export interface GradcheckOptions extends Partial<Tolerance> {
  /** Finite-difference step. */
  eps?: number;
  /** Which inputs to check (default: every floating-point input). */
  check?: readonly boolean[];
}

/**
 * One compared gradient entry.
 *
 * @example
 * ```ts
 * const r = gradcheck(f, inputs); r.worst.analytic;
 * ```
 */
export interface GradcheckResult {
  /** Entries compared. */
  checked: number;
  /** dtype the function ran in. */
  dtype: 'float32' | 'float64';
  /** The entry with the largest error relative to its tolerance. */
  worst: { input: number; index: number; analytic: number; numeric: number };
}

function weightsFor(size: number): Float64Array {
  // Fixed, irregular projection weights so that the check sees every output element, and
  // errors cannot cancel between elements.
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) w[i] = 0.5 + ((i * 7919) % 97) / 97;
  return w;
}

/**
 * Compares the gradients autograd computes for `fn` at `inputs` with central finite
 * differences taken in float64 on the host. Runs in float64 when the inputs' backend holds it
 * (PyTorch's `gradcheck` convention), else in float32 with a wider step and tolerance. The
 * output is projected onto fixed weights, so any output shape works. Throws an `AutogradError`
 * naming the input and element on mismatch.
 *
 * @example
 * ```ts
 * gradcheck((a, b) => a.mul(b).sum(), [randn([2, 3]), randn([3])]);
 * ```
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  checkOptions('gradcheck', options, ['eps', 'atol', 'rtol', 'check']);
  const backendName = inputs[0]?.backend;
  if (backendName === undefined) throw new AutogradError('gradcheck: expected at least one input, got none.');
  const wide = findBackend(backendName).capabilities.dtypes.includes('float64');
  const defaults = wide ? GRADCHECK_FLOAT64 : GRADCHECK_FLOAT32;
  const eps = options.eps ?? defaults.eps;
  const atol = options.atol ?? defaults.atol;
  const rtol = options.rtol ?? defaults.rtol;
  const dtype = wide ? 'float64' : 'float32';
  const checked = inputs.map((t, i) => isFloat(t.dtype) && (options.check?.[i] ?? true));
  const hostValues = inputs.map((t) => Float64Array.from(t.dataSync()));

  const makeInputs = (values: readonly Float64Array[], requiresGrad: boolean): Tensor[] =>
    inputs.map((t, i) =>
      isFloat(t.dtype)
        ? tensor(values[i]!, { dtype, shape: t.shape, backend: t.backend, requiresGrad: requiresGrad && checked[i]! })
        : t,
    );
  let weights: Float64Array | undefined;
  const project = (out: Tensor): Tensor => {
    weights ??= weightsFor(out.size);
    return out.mul(tensor(weights, { dtype, shape: out.shape, backend: out.backend })).sum();
  };

  const analytic = tidy(() => {
    const leaves = makeInputs(hostValues, true);
    const out = fn(...leaves);
    if (!isFloat(out.dtype))
      throw new AutogradError(`gradcheck: expected a floating-point output, got dtype ${out.dtype}.`);
    project(out).backward();
    return leaves.map((leaf, i) => {
      if (!checked[i]) return undefined;
      if (leaf.grad === null) return new Float64Array(leaf.size);
      return Float64Array.from(leaf.grad.dataSync());
    });
  });

  const evaluate = (values: readonly Float64Array[]): number =>
    noGrad(() => tidy(() => project(fn(...makeInputs(values, false))).dataSync()[0]!));

  let worst: GradcheckResult['worst'] = { input: -1, index: -1, analytic: 0, numeric: 0 };
  let worstRatio = -1;
  let count = 0;
  hostValues.forEach((values, i) => {
    if (!checked[i]) return;
    for (let j = 0; j < values.length; j++) {
      const original = values[j]!;
      values[j] = original + eps;
      const plus = evaluate(hostValues);
      values[j] = original - eps;
      const minus = evaluate(hostValues);
      values[j] = original;
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic[i]![j]!;
      const ratio = Math.abs(a - numeric) / (atol + rtol * Math.abs(numeric));
      count++;
      if (!(ratio <= worstRatio) || Number.isNaN(ratio)) {
        worstRatio = Number.isNaN(ratio) ? Number.POSITIVE_INFINITY : ratio;
        worst = { input: i, index: j, analytic: a, numeric };
      }
    }
  });
  if (worstRatio > 1) {
    const t = inputs[worst.input]!;
    throw new AutogradError(
      `gradcheck: expected analytic and numeric gradients to agree within atol ${atol} + rtol ${rtol}, got ${worst.analytic} (autograd) and ${worst.numeric} (finite differences) for element ${worst.index} of input ${worst.input} (shape ${formatShape(t.shape)}, ${dtype}).`,
    );
  }
  return { checked: count, dtype, worst };
}
