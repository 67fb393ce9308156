import { type DType, type Tensor, tensor } from '@strata/core';
import type { Tolerance } from '@strata/core/testing';
import type { Module, StateDict } from '../module/module.js';

/**
 * A tensor as `packages/nn/scripts/make-fixtures.py` stores it: float32-exact inputs and
 * parameters, float64 results rounded to 9 significant digits, int32 indices and counters.
 *
 * @example
 * ```ts
 * const t: GoldenTensor = { shape: [2], data: [1, 2] };
 * ```
 */
export interface GoldenTensor {
  shape: number[];
  data: number[];
  dtype?: string;
}

/**
 * One forward and backward pass: `grads` maps `input` and each parameter's state-dict key to
 * d(sum(output * dy)) / d(it).
 *
 * @example
 * ```ts
 * const pass: GoldenPass = golden.eval!;
 * ```
 */
export interface GoldenPass {
  input: GoldenTensor;
  output: GoldenTensor;
  dy: GoldenTensor;
  grads: Record<string, GoldenTensor>;
}

/**
 * One case of a fixture file (see the generator's docstring for which fields each kind has).
 *
 * @example
 * ```ts
 * const c: GoldenCase = conv2dFixtures.cases[0]!;
 * ```
 */
export interface GoldenCase extends Partial<GoldenPass> {
  name: string;
  layer: string;
  args: unknown[];
  options: Record<string, unknown>;
  /** PyTorch's `str(layer)`. */
  repr: string;
  stateDict?: Record<string, GoldenTensor>;
  target?: GoldenTensor;
  /** BatchNorm: training steps, each with the buffers after it. */
  steps?: (GoldenPass & { buffers: Record<string, GoldenTensor> })[];
  eval?: GoldenPass;
  /** Lazy layers: the shape of the first input, the repr after it and the state-dict shapes. */
  inputShape?: number[];
  reprAfter?: string;
  stateDictShapes?: Record<string, number[]>;
}

/**
 * A fixture file.
 *
 * @example
 * ```ts
 * const file = conv2dJson as unknown as GoldenFile;
 * ```
 */
export interface GoldenFile {
  generator: string;
  torch: string;
  cases: GoldenCase[];
}

/**
 * float64 against the fixtures: their results are rounded to 9 significant digits.
 *
 * @example
 * ```ts
 * expectClose(y, g.shape, g.data, GOLDEN_FLOAT64);
 * ```
 */
export const GOLDEN_FLOAT64: Tolerance = { atol: 1e-9, rtol: 1e-7 };

/**
 * float32 against the float64 fixtures: float32 rounding accumulated over the few dozen terms
 * of a window, a batch statistic or a chain of running-statistic updates (the worst case
 * measured is under 1e-6; the margin is for other backends' summation orders).
 *
 * @example
 * ```ts
 * expectClose(y, g.shape, g.data, GOLDEN_FLOAT32);
 * ```
 */
export const GOLDEN_FLOAT32: Tolerance = { atol: 1e-5, rtol: 1e-5 };

/**
 * Both float dtypes the fixtures run in, with their tolerances.
 *
 * @example
 * ```ts
 * describe.each(GOLDEN_DTYPES)('%s', (dtype, tolerance) => { ... });
 * ```
 */
export const GOLDEN_DTYPES: readonly (readonly [DType, Tolerance])[] = [
  ['float64', GOLDEN_FLOAT64],
  ['float32', GOLDEN_FLOAT32],
];

/**
 * A fixture tensor on the current backend, in `floatDType` unless it holds integers.
 *
 * @example
 * ```ts
 * const x = goldenTensor(c.input!, 'float64', true);
 * ```
 */
export function goldenTensor(t: GoldenTensor, floatDType: DType, requiresGrad = false): Tensor {
  const dtype = t.dtype === 'int32' ? 'int32' : floatDType;
  return tensor(Float64Array.from(t.data), { dtype, shape: t.shape, requiresGrad: requiresGrad && dtype !== 'int32' });
}

/**
 * A fixture state dict as tensors (float ones in `floatDType`), ready for `loadStateDict`.
 *
 * @example
 * ```ts
 * conv.loadStateDict(goldenStateDict(c.stateDict!, 'float64'));
 * ```
 */
export function goldenStateDict(stateDict: Record<string, GoldenTensor>, floatDType: DType): StateDict {
  return Object.fromEntries(Object.entries(stateDict).map(([key, t]) => [key, goldenTensor(t, floatDType)]));
}

/**
 * Runs one fixture pass through `layer`: the output and the gradients of the input (`input`)
 * and of every parameter (by state-dict key) for the upstream gradient `dy`.
 *
 * @example
 * ```ts
 * const { output, grads } = runPass(conv, c as GoldenPass, 'float64');
 * ```
 */
export function runPass(
  layer: Module & { forward(x: Tensor): Tensor },
  pass: GoldenPass,
  floatDType: DType,
): { output: Tensor; grads: Record<string, Tensor | null> } {
  layer.zeroGrad();
  const x = goldenTensor(pass.input, floatDType, true);
  const output = layer.forward(x);
  output.backward(goldenTensor(pass.dy, floatDType));
  const grads: Record<string, Tensor | null> = { input: x.grad };
  for (const [name, p] of layer.namedParameters()) grads[name] = p.grad;
  return { output, grads };
}
