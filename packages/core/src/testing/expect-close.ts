import { expect } from 'vitest';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { Tolerance } from './tolerances.js';

/**
 * Asserts that `actual` has `shape` and that every value is within `atol + rtol * |expected|`
 * of `expected` (flat, row-major). NaN matches NaN; infinities must match exactly.
 *
 * @example
 * ```ts
 * expectClose(y, [2, 2], [19, 25, 37, 43], FLOAT32_TOLERANCE);
 * ```
 */
export function expectClose(
  actual: Tensor,
  shape: readonly number[],
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  label = '',
): void {
  expect(actual.shape, `${label} shape`).toEqual([...shape]);
  const values = actual.dataSync();
  expect(values.length, `${label} size`).toBe(expected.length);
  let worst = -1;
  let worstIndex = -1;
  for (let i = 0; i < values.length; i++) {
    const a = values[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e)) {
        worst = Number.POSITIVE_INFINITY;
        worstIndex = i;
        break;
      }
      continue;
    }
    const ratio = Math.abs(a - e) / (tolerance.atol + tolerance.rtol * Math.abs(e));
    if (!(ratio <= worst)) {
      worst = ratio;
      worstIndex = i;
    }
  }
  if (worst > 1) {
    expect.fail(
      `${label}: element ${worstIndex} of ${formatShape(shape)} is ${values[worstIndex]}, expected ${expected[worstIndex]} (atol ${tolerance.atol}, rtol ${tolerance.rtol})`,
    );
  }
}
