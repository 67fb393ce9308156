/**
 * Named tolerances of the conformance suite. float32 results are compared with values computed
 * in float64 (PyTorch fixtures, hand-computed references), so they differ by float32 rounding
 * accumulated over a few hundred terms at most.
 *
 * @example
 * ```ts
 * expectClose(y, expected, FLOAT32_TOLERANCE);
 * ```
 */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/**
 * float32 results against float64 references.
 *
 * @example
 * ```ts
 * expectClose(y, [2], [1, 2], FLOAT32_TOLERANCE);
 * ```
 */
export const FLOAT32_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };

/**
 * float64 results against float64 references (rounded to 9 significant digits in fixtures).
 *
 * @example
 * ```ts
 * expectClose(y64, [2], [1, 2], FLOAT64_TOLERANCE);
 * ```
 */
export const FLOAT64_TOLERANCE: Tolerance = { atol: 1e-9, rtol: 1e-7 };

/**
 * Analytic against finite-difference gradients in float64 (central differences, eps 1e-6).
 *
 * @example
 * ```ts
 * gradcheck((x) => x.exp(), [x], GRADCHECK_FLOAT64);
 * ```
 */
export const GRADCHECK_FLOAT64: Tolerance & { readonly eps: number } = { atol: 1e-6, rtol: 1e-4, eps: 1e-6 };

/**
 * Analytic against finite-difference gradients when a backend has no float64: the differences
 * are still taken in float64 on the host, but each function value carries float32 rounding, so
 * the step is larger and the tolerance looser.
 *
 * @example
 * ```ts
 * gradcheck((x) => x.exp(), [x], GRADCHECK_FLOAT32);
 * ```
 */
export const GRADCHECK_FLOAT32: Tolerance & { readonly eps: number } = { atol: 5e-3, rtol: 5e-2, eps: 1e-2 };
