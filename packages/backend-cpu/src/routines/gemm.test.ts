import { uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { type FloatArray, gemm } from './gemm.js';

// Error bounds relative to sum_p |a_ip * b_pj|, the size of the terms being summed.
const FLOAT32_TOLERANCE = 1e-6;
const FLOAT64_TOLERANCE = 1e-14;

function randomArray(kind: 'float32' | 'float64', size: number, seed: number): FloatArray {
  const values = kind === 'float32' ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) values[i] = uniformAt(seed, i) * 2 - 1;
  return values;
}

/** Largest error of `c` against the double-precision triple loop, scaled per element. */
function maxScaledError(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  transposeA: boolean,
  b: FloatArray,
  transposeB: boolean,
  c: FloatArray,
  c0: FloatArray | undefined,
): number {
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = c0 === undefined ? 0 : c0[i * n + j];
      let scale = Math.abs(sum);
      for (let p = 0; p < k; p++) {
        const term = (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]);
        sum += term;
        scale += Math.abs(term);
      }
      worst = Math.max(worst, Math.abs(c[i * n + j] - sum) / Math.max(scale, 1e-30));
    }
  }
  return worst;
}

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [65, 33, 129],
  [6, 530, 260],
  [4, 4, 4],
  [3, 2, 1],
];

describe('gemm', () => {
  for (const kind of ['float32', 'float64'] as const) {
    const tolerance = kind === 'float32' ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
    for (const [m, n, k] of SIZES) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          it(`${kind} ${m}x${n}x${k} transposeA=${transposeA} transposeB=${transposeB} matches the triple loop`, () => {
            const a = randomArray(kind, m * k, 1);
            const b = randomArray(kind, k * n, 2);
            const c = randomArray(kind, m * n, 3);
            gemm(m, n, k, a, 0, transposeA, b, 0, transposeB, c, 0, false);
            expect(maxScaledError(m, n, k, a, transposeA, b, transposeB, c, undefined)).toBeLessThanOrEqual(tolerance);
          });
        }
      }
    }
  }

  it('accumulates into C when asked', () => {
    const [m, n, k] = [9, 600, 140];
    const a = randomArray('float64', m * k, 4);
    const b = randomArray('float64', n * k, 5);
    const c0 = randomArray('float64', m * n, 6);
    const c = c0.slice();
    gemm(m, n, k, a, 0, false, b, 0, true, c, 0, true);
    expect(maxScaledError(m, n, k, a, false, b, true, c, c0)).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
  });

  it('reads and writes at offsets, leaving the rest alone', () => {
    const [m, n, k] = [5, 3, 6];
    const a = randomArray('float32', 2 + m * k, 7);
    const b = randomArray('float32', 3 + k * n, 8);
    const c = new Float32Array(4 + m * n + 4).fill(7);
    gemm(m, n, k, a, 2, false, b, 3, false, c, 4, false);
    const result = c.subarray(4, 4 + m * n);
    expect(maxScaledError(m, n, k, a.subarray(2), false, b.subarray(3), false, result, undefined)).toBeLessThanOrEqual(
      FLOAT32_TOLERANCE,
    );
    expect([...c.subarray(0, 4), ...c.subarray(4 + m * n)]).toEqual([7, 7, 7, 7, 7, 7, 7, 7]);
  });

  it('gives zeros for an empty inner dimension, or leaves C when accumulating', () => {
    const c = new Float32Array([1, 2, 3, 4]);
    gemm(2, 2, 0, new Float32Array(0), 0, false, new Float32Array(0), 0, false, c, 0, true);
    expect(c).toEqual(new Float32Array([1, 2, 3, 4]));
    gemm(2, 2, 0, new Float32Array(0), 0, false, new Float32Array(0), 0, false, c, 0, false);
    expect(c).toEqual(new Float32Array(4));
  });

  it('rounds float32 results and propagates NaN', () => {
    const c = new Float32Array(1);
    gemm(1, 1, 2, new Float32Array([1, 1]), 0, false, new Float32Array([0.1, 0.2]), 0, false, c, 0, false);
    expect(c[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    gemm(1, 1, 2, new Float32Array([0, 1]), 0, false, new Float32Array([Number.NaN, 0.2]), 0, false, c, 0, false);
    expect(c[0]).toBeNaN();
  });
});
