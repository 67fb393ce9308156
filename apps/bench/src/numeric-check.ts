/** Largest difference allowed between strata and TensorFlow.js, relative to the largest reference value (float32 sums of up to ~10^4 terms in different orders). */
export const RELATIVE_TOLERANCE = 1e-4;

/**
 * Throws unless `actual` (strata) equals `expected` (TensorFlow.js on the same inputs) to
 * {@link RELATIVE_TOLERANCE} of the largest expected magnitude, so that a kernel that is fast
 * but wrong cannot report a speed. Returns the relative difference found.
 *
 * @example
 * ```ts
 * checkClose('gemm-256', strataValues, tfjsValues);
 * ```
 */
export function checkClose(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(
      `${what}: strata returned ${actual.length} values, TensorFlow.js ${expected.length}; the shapes disagree.`,
    );
  }
  let scale = 0;
  let worst = 0;
  let worstAt = 0;
  for (let i = 0; i < actual.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    const difference = Math.abs(actual[i]! - expected[i]!);
    if (!(difference <= worst)) {
      worst = difference;
      worstAt = i;
    }
  }
  const relative = worst / Math.max(scale, Number.MIN_VALUE);
  if (!(relative <= RELATIVE_TOLERANCE)) {
    throw new Error(
      `${what}: strata's result differs from TensorFlow.js's by ${relative.toExponential(2)} of the largest value (limit ${RELATIVE_TOLERANCE}); at index ${worstAt} strata gave ${actual[worstAt]}, TensorFlow.js ${expected[worstAt]}. The kernel is wrong; its speed is not reported.`,
    );
  }
  return relative;
}
