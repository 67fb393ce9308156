/** One GEMM of the flavour comparison: sizes, which operands are read transposed, `C +=` or `C =`. */
export interface GemmCase {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
  accumulate: boolean;
}

/**
 * Shapes that reach every path of the kernel: single elements, partial 4 x 8 tiles, a depth just
 * past one 256-deep block, operands read through column strides, accumulation, and products over
 * 2^18 multiply-adds split by columns and by rows across threads.
 */
export const GEMM_CASES: readonly GemmCase[] = [
  { m: 1, k: 1, n: 1, transposeA: false, transposeB: false, accumulate: false },
  { m: 3, k: 5, n: 7, transposeA: false, transposeB: false, accumulate: false },
  { m: 4, k: 256, n: 8, transposeA: false, transposeB: false, accumulate: true },
  { m: 5, k: 257, n: 9, transposeA: true, transposeB: false, accumulate: false },
  { m: 33, k: 300, n: 17, transposeA: false, transposeB: true, accumulate: true },
  { m: 130, k: 257, n: 200, transposeA: false, transposeB: false, accumulate: false },
  { m: 601, k: 67, n: 9, transposeA: true, transposeB: true, accumulate: false },
  { m: 67, k: 1031, n: 131, transposeA: false, transposeB: false, accumulate: true },
];

/** A, B (as stored: transposed when the case says so) and the initial C, in [-1, 1), from `seed`. */
export function gemmOperands(c: GemmCase, seed: number): { a: Float32Array; b: Float32Array; c: Float32Array } {
  let state = seed >>> 0;
  const fill = (length: number) => {
    const values = new Float32Array(length);
    for (let i = 0; i < length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      values[i] = state / 2 ** 31 - 1;
    }
    return values;
  };
  return { a: fill(c.m * c.k), b: fill(c.k * c.n), c: fill(c.m * c.n) };
}
