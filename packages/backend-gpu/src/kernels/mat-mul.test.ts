import { Expr, type TensorInfo } from '@strata/core';
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

describe('GPU matMul with an epilogue', () => {
  const v = Expr.input(0, 'float32');
  const epilogue = { name: 'relu', expr: v.add(Expr.input(1, 'float32')).max(0), vjp: null };
  const input = (data: Float32Array, shape: number[]): TensorInfo => ({
    dataId: backend.write(data, shape, 'float32'),
    shape,
    dtype: 'float32',
  });

  // K = 0 fills, K = 3 runs the direct loop, K = 10 the packed one (after packing both operands).
  for (const [k, programs] of [
    [0, 1],
    [3, 1],
    [10, 3],
  ] as const) {
    it(`applies bias and relu in the matmul's own program (K = ${k})`, () => {
      const [batch, m, n] = [2, 3, 5];
      const av = values(batch * m * k, k + 2);
      const bv = values(batch * k * n, k + 3);
      // Both signs, so that relu clips some sums and not others.
      const biasValues = Float32Array.from({ length: n }, (_, j) => (j - 2) * 0.7);
      const a = input(av, [batch, m, k]);
      const b = input(bv, [batch, k, n]);
      const bias = input(biasValues, [n]);
      const before = backend.stats();
      const out = callKernel('MatMul', matMul, {
        inputs: { a, b, bias },
        attrs: { transposeA: false, transposeB: false, epilogue },
        backend,
      });
      const after = backend.stats();
      expect(after.kernelRuns - before.kernelRuns).toBe(programs);
      const got = Array.from(backend.readSync(out.dataId));
      const want = reference(av, bv, [batch, m, k, n], false, false).map((s, i) => Math.max(0, s + biasValues[i % n]!));
      expect(want.some((w) => w === 0) && want.some((w) => w > 0)).toBe(true);
      for (const [i, g] of got.entries()) expect(Math.abs(g - want[i]!)).toBeLessThan(1e-4 * (1 + want[i]!));
    });
  }

  it('rejects a bias without an epilogue', () => {
    const a = input(values(6, 1), [1, 2, 3]);
    const b = input(values(6, 2), [1, 3, 2]);
    const bias = input(values(2, 3), [2]);
    expect(() =>
      callKernel('MatMul', matMul, {
        inputs: { a, b, bias },
        attrs: { transposeA: false, transposeB: false },
        backend,
      }),
    ).toThrow(/expected a bias input only with an epilogue/);
  });
});
