import { isFloat, type KernelFunc, sizeFromShape, type TypedArray } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { type FloatArray, gemm } from '../routines/gemm.js';
import { applyEpilogue } from './epilogue.js';

/**
 * Batched `[B, M, K] x [B, K, N] -> [B, M, N]`; `transposeA` means `a` is stored `[B, K, M]`,
 * `transposeB` that `b` is stored `[B, N, K]`. A batch of 1 on either side is reused for every
 * batch of the other. Floats go through the blocked GEMM, then the epilogue in place; int32 wraps
 * like int32.
 *
 * @example
 * ```ts
 * const c = matMul({ inputs: { a, b }, attrs: { transposeA: false, transposeB: false }, backend });
 * ```
 */
export const matMul: KernelFunc<'MatMul', CpuBackend> = ({
  inputs: { a, b, bias },
  attrs: { transposeA, transposeB, epilogue },
  output,
  backend,
}) => {
  const rank = a.shape.length;
  const [aRows, aCols] = [a.shape[rank - 2], a.shape[rank - 1]];
  const [bRows, bCols] = [b.shape[rank - 2], b.shape[rank - 1]];
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  const batchA = sizeFromShape(a.shape.slice(0, -2));
  const batchB = sizeFromShape(b.shape.slice(0, -2));
  const batch = sizeFromShape(output.shape.slice(0, -2));
  const x = backend.values(a.dataId);
  const y = backend.values(b.dataId);
  const out = backend.allocate(a.dtype, batch * m * n);
  const float = isFloat(a.dtype);
  for (let i = 0; i < batch; i++) {
    const aOffset = (batchA === 1 ? 0 : i) * m * k;
    const bOffset = (batchB === 1 ? 0 : i) * k * n;
    const cOffset = i * m * n;
    if (float) {
      gemm(
        m,
        n,
        k,
        x as FloatArray,
        aOffset,
        transposeA,
        y as FloatArray,
        bOffset,
        transposeB,
        out as FloatArray,
        cOffset,
        false,
      );
    } else {
      intMatMul(m, n, k, x, aOffset, transposeA, y, bOffset, transposeB, out, cOffset);
    }
  }
  if (epilogue !== undefined) {
    const biasValues = bias && (backend.values(bias.dataId) as FloatArray);
    applyEpilogue(epilogue, out as FloatArray, biasValues, { outer: batch * m, channels: n, inner: 1 });
  }
  return backend.makeOutput(out, output.shape, output.dtype);
};

/** The plain triple loop with int32 wrap-around (`Math.imul`, `| 0`), for integer matrices. */
function intMatMul(
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  aOffset: number,
  transposeA: boolean,
  b: TypedArray,
  bOffset: number,
  transposeB: boolean,
  c: TypedArray,
  cOffset: number,
): void {
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  const [bRow, bCol] = transposeB ? [1, k] : [n, 1];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++)
        sum = (sum + Math.imul(a[aOffset + i * aRow + p * aCol], b[bOffset + p * bRow + j * bCol])) | 0;
      c[cOffset + i * n + j] = sum;
    }
  }
}
