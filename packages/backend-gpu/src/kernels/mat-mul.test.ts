import { callKernel } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu-backend.js';
import { matMul } from './mat-mul.js';

const backend = new GpuBackend('gpu-matmul-test');

/** Values that differ per position, so a wrong index shows. */
function values(size: number, seed: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => Math.sin(seed * 7.1 + i * 1.37));
}

/** `[B, M, K] x [B, K, N]` in float64 from operands stored as given (transposed or not). */
function reference(a: Float32Array, b: Float32Array, [batch, m, k, n]: number[], tA: boolean, tB: boolean): number[] {
  const out: number[] = [];
  for (let p = 0; p < batch!; p++) {
    for (let i = 0; i < m!; i++) {
      for (let j = 0; j < n!; j++) {
        let s = 0;
        for (let q = 0; q < k!; q++) {
          const av = tA ? a[p * m! * k! + q * m! + i]! : a[p * m! * k! + i * k! + q]!;
          const bv = tB ? b[p * k! * n! + j * k! + q]! : b[p * k! * n! + q * n! + j]!;
          s += av * bv;
        }
        out.push(s);
      }
    }
  }
  return out;
}

describe('GPU matMul on packed operands', () => {
  for (const k of [8, 10, 37]) {
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`K = ${k}, transposeA ${tA}, transposeB ${tB}`, () => {
        const [batch, m, n] = [2, 3, 5];
        const av = values(batch * m * k, k);
        const bv = values(batch * k * n, k + 1);
        const aShape = tA ? [batch, k, m] : [batch, m, k];
        const bShape = tB ? [batch, n, k] : [batch, k, n];
        const a = { dataId: backend.write(av, aShape, 'float32'), shape: aShape, dtype: 'float32' as const };
        const b = { dataId: backend.write(bv, bShape, 'float32'), shape: bShape, dtype: 'float32' as const };
        const out = callKernel('MatMul', matMul, {
          inputs: { a, b },
          attrs: { transposeA: tA, transposeB: tB },
          backend,
        });
        expect(out.shape).toEqual([batch, m, n]);
        const got = Array.from(backend.readSync(out.dataId));
        const want = reference(av, bv, [batch, m, k, n], tA, tB);
        for (const [i, g] of got.entries())
          expect(Math.abs(g - want[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(want[i]!)));
      });
    }
  }
});
