import type { KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { fillSource, num, returnAs, unravel } from '../programs/index-math.js';

/**
 * Batched `[B, M, K] x [B, K, N]`: one thread per output element, a loop over `K`.
 *
 * @example
 * ```ts
 * const c = matMul({ inputs: { a, b }, attrs: { transposeA: false, transposeB: true }, backend });
 * ```
 */
export const matMul: KernelFunc<'MatMul', GpuBackend> = ({ inputs: { a, b }, attrs: { transposeA, transposeB }, backend }) => {
  const [batch, m, k] = transposeA ? [a.shape[0]!, a.shape[2]!, a.shape[1]!] : [a.shape[0]!, a.shape[1]!, a.shape[2]!];
  const n = transposeB ? b.shape[1]! : b.shape[2]!;
  const shape = [batch, m, n];
  if (k === 0) return backend.runProgram({ source: fillSource(0), inputs: [] }, shape, a.dtype);
  // Element (row, j) of an operand stored [rows, cols], or its transpose.
  const aAt = transposeA ? `c0 * ${num(m * k)} + j * ${num(m)} + c1` : `c0 * ${num(m * k)} + c1 * ${num(k)} + j`;
  const bAt = transposeB ? `c0 * ${num(k * n)} + c2 * ${num(k)} + j` : `c0 * ${num(k * n)} + j * ${num(n)} + c2`;
  const source = [
    'function(a, b) {',
    unravel(shape),
    'let s = 0.0;',
    `for (let i = 0; i < ${k}; i++) {`,
    'let j = i;',
    `s = s + a[${aAt}] * b[${bAt}];`,
    '}',
    returnAs(a.dtype, 's'),
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [a, b] }, shape, a.dtype);
};
