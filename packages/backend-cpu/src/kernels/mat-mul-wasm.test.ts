import { callKernel } from '@strata/core/testing';
import { type TensorInfo, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { matMulWasm } from './mat-mul-wasm.js';

// Error bound relative to sum_p |a_ip * b_pj|, the size of the terms being summed (float32).
const FLOAT32_TOLERANCE = 1e-6;

const backend = new CpuBackend();
const matMul = matMulWasm(requireWasmHeap());

function randomTensor(shape: number[], seed: number): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  const values = Float32Array.from({ length: size }, (_, i) => uniformAt(seed, i) * 2 - 1);
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

/**
 * Largest error of the product against the double-precision triple loop, scaled per element,
 * over every row and the `columns` given (all by default).
 */
function maxScaledError(
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  columns?: readonly number[],
): number {
  const x = backend.readSync(a.dataId);
  const y = backend.readSync(b.dataId);
  const c = backend.readSync(out.dataId);
  const [batchA, ar, ac] = a.shape as [number, number, number];
  const [batchB, br, bc] = b.shape as [number, number, number];
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  let worst = 0;
  for (let t = 0; t < Math.max(batchA, batchB); t++) {
    const aBase = (batchA === 1 ? 0 : t) * m * k;
    const bBase = (batchB === 1 ? 0 : t) * k * n;
    for (let i = 0; i < m; i++) {
      for (const j of columns ?? Array.from({ length: n }, (_, j) => j)) {
        let sum = 0;
        let scale = 0;
        for (let p = 0; p < k; p++) {
          const term =
            (transposeA ? x[aBase + p * m + i] : x[aBase + i * k + p]) *
            (transposeB ? y[bBase + j * k + p] : y[bBase + p * n + j]);
          sum += term;
          scale += Math.abs(term);
        }
        worst = Math.max(worst, Math.abs(c[(t * m + i) * n + j] - sum) / Math.max(scale, 1e-30));
      }
    }
  }
  return worst;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

describe('MatMul on the WebAssembly SIMD GEMM', () => {
  // m crosses the 128-row A block and the 4-row register tile, k the 256-deep panel, n the
  // 2,048-column B block and the 8-column tile.
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      it(`multiplies 133 x 261 by 261 x 2,053 with transposeA=${transposeA} transposeB=${transposeB}`, () => {
        const [m, k, n] = [133, 261, 2053];
        const a = randomTensor(transposeA ? [1, k, m] : [1, m, k], 1);
        const b = randomTensor(transposeB ? [1, n, k] : [1, k, n], 2);
        const out = callKernel('MatMul', matMul, { inputs: { a, b }, attrs: { transposeA, transposeB }, backend });
        expect(out.shape).toEqual([1, m, n]);
        // Every row, and the columns around each 8-wide tile and 2,048-wide block edge plus a
        // stride through the rest: the double-precision reference over all 2,053 costs seconds.
        const columns = [...new Set([...range(0, 24), ...range(2032, n), ...range(0, n).filter((j) => j % 37 === 5)])];
        expect(maxScaledError(a, b, out, transposeA, transposeB, columns)).toBeLessThanOrEqual(FLOAT32_TOLERANCE);
      });
    }
  }

  it('multiplies small batches and reuses a batch of one for every batch of the other', () => {
    const a = randomTensor([1, 3, 5], 3);
    const b = randomTensor([4, 5, 7], 4);
    const out = callKernel('MatMul', matMul, {
      inputs: { a, b },
      attrs: { transposeA: false, transposeB: false },
      backend,
    });
    expect(out.shape).toEqual([4, 3, 7]);
    expect(maxScaledError(a, b, out, false, false)).toBeLessThanOrEqual(FLOAT32_TOLERANCE);
  });

  it('gives zeros for an empty inner dimension', () => {
    const a = randomTensor([1, 2, 0], 5);
    const b = randomTensor([1, 0, 3], 6);
    const out = callKernel('MatMul', matMul, {
      inputs: { a, b },
      attrs: { transposeA: false, transposeB: false },
      backend,
    });
    expect(backend.readSync(out.dataId)).toEqual(new Float32Array(6));
  });
});
