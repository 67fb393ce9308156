import { callKernel } from '@strata/core/testing';
import { type DType, type TensorInfo, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { matMul } from './mat-mul.js';

const FLOAT64_TOLERANCE = 1e-13;

const backend = new CpuBackend();

function tensor(values: ArrayLike<number>, shape: number[], dtype: DType = 'float64'): TensorInfo {
  return { dataId: backend.write(Float64Array.from(values), shape, dtype), shape, dtype };
}

function randomTensor(shape: number[], seed: number): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  return tensor(
    Float64Array.from({ length: size }, (_, i) => uniformAt(seed, i) - 0.5),
    shape,
  );
}

function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** `[B, M, K] x [B, K, N]` by the definition, reading the operands through their transposes. */
function naive(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): number[] {
  const x = backend.readSync(a.dataId);
  const y = backend.readSync(b.dataId);
  const [batchA, ar, ac] = a.shape;
  const [batchB, br, bc] = b.shape;
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  const out: number[] = [];
  for (let t = 0; t < Math.max(batchA, batchB); t++) {
    const ta = batchA === 1 ? 0 : t;
    const tb = batchB === 1 ? 0 : t;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) {
          const av = transposeA ? x[ta * m * k + p * m + i] : x[ta * m * k + i * k + p];
          const bv = transposeB ? y[tb * k * n + j * k + p] : y[tb * k * n + p * n + j];
          sum += av * bv;
        }
        out.push(sum);
      }
  }
  return out;
}

describe('MatMul', () => {
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      it(`multiplies batches with transposeA=${transposeA} transposeB=${transposeB}`, () => {
        const [batch, m, k, n] = [3, 5, 7, 6];
        const a = randomTensor(transposeA ? [batch, k, m] : [batch, m, k], 1);
        const b = randomTensor(transposeB ? [batch, n, k] : [batch, k, n], 2);
        const out = callKernel('MatMul', matMul, { inputs: { a, b }, attrs: { transposeA, transposeB }, backend });
        expect(out.shape).toEqual([batch, m, n]);
        const expected = naive(a, b, transposeA, transposeB);
        expect(maxAbsDiff(backend.readSync(out.dataId), expected)).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
      });
    }
  }

  it('reuses a batch of one for every batch of the other', () => {
    const a = randomTensor([1, 2, 3], 3);
    const b = randomTensor([4, 3, 2], 4);
    const out = callKernel('MatMul', matMul, {
      inputs: { a, b },
      attrs: { transposeA: false, transposeB: false },
      backend,
    });
    expect(out.shape).toEqual([4, 2, 2]);
    const expected = naive(a, b, false, false);
    expect(maxAbsDiff(backend.readSync(out.dataId), expected)).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
  });

  it('multiplies int32 with wrap-around', () => {
    const a = tensor([65536, 2, 1, 3], [1, 2, 2], 'int32');
    const b = tensor([65536, 1, 4, 5], [1, 2, 2], 'int32');
    const out = callKernel('MatMul', matMul, {
      inputs: { a, b },
      attrs: { transposeA: false, transposeB: true },
      backend,
    });
    expect(out.dtype).toBe('int32');
    expect([...backend.readSync(out.dataId)]).toEqual([2, 262154, 65539, 19]);
  });

  it('gives zeros for an empty inner dimension and nothing for empty outer ones', () => {
    const zeros = callKernel('MatMul', matMul, {
      inputs: { a: tensor([], [2, 3, 0]), b: tensor([], [2, 0, 4]) },
      attrs: { transposeA: false, transposeB: false },
      backend,
    });
    expect(zeros.shape).toEqual([2, 3, 4]);
    expect([...backend.readSync(zeros.dataId)]).toEqual(new Array(24).fill(0));
    const empty = callKernel('MatMul', matMul, {
      inputs: { a: tensor([], [0, 3, 2]), b: tensor([], [0, 2, 4]) },
      attrs: { transposeA: false, transposeB: false },
      backend,
    });
    expect(empty.shape).toEqual([0, 3, 4]);
  });

  it('computes float32 in float32', () => {
    const out = callKernel('MatMul', matMul, {
      inputs: { a: tensor([1, 1], [1, 1, 2], 'float32'), b: tensor([0.1, 0.2], [1, 2, 1], 'float32') },
      attrs: { transposeA: false, transposeB: false },
      backend,
    });
    expect(backend.readSync(out.dataId)).toEqual(new Float32Array([Math.fround(0.1) + Math.fround(0.2)]));
  });
});
