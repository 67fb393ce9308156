import { expf, sigmoidf, tanhf } from './float32-transcendentals.js';

/** `Math.pow` with C's `pow` at the edges where they differ: 1^y and (-1)^±inf are 1. */
function floatPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY))) return 1;
  return x ** y;
}

/** int32 power by squaring with wrapping products; negative exponents as PyTorch's integer pow. */
function intPow(x: number, y: number): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y & 1 ? -1 : 1) : 0;
  let result = 1;
  let base = x;
  for (let e = y; e > 0; e >>>= 1) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}

/** Never exponentiates a positive number, so large |x| neither overflows nor loses the tail. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * The error function in double, within 2e-15 relative (8 ulps at worst near 2.5): the all-positive series
 * `2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1 * 3 * ... * (2n+1))` below 3 (no cancellation), the
 * continued fraction of erfc from 3 to 6, and 1 beyond (erfc(6) is below half an ulp of 1).
 */
function erf(x: number): number {
  const a = Math.abs(x);
  let r: number;
  if (a < 3) {
    const a2 = a * a;
    let term = a;
    let sum = a;
    for (let n = 1; term > sum * 1e-17; n++) {
      term *= (2 * a2) / (2 * n + 1);
      sum += term;
    }
    r = (2 / Math.sqrt(Math.PI)) * Math.exp(-a2) * sum;
  } else if (a < 6) {
    let f = a;
    for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
    r = 1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
  } else {
    r = Number.isNaN(a) ? a : 1;
  }
  return x < 0 ? -r : x === 0 ? x : r;
}

/**
 * The primitives that neither JavaScript operators nor `Math` compute as the primitive specifies,
 * for the generated loops (as `h`) and the interpreter: float32 exp, sigmoid and tanh are the
 * float32-step versions the WebAssembly loops compute too (`float32-transcendentals.ts`).
 *
 * @example
 * ```ts
 * ELEMENTWISE_MATH.floatPow(1, Number.NaN); // 1, as C's pow
 * ```
 */
export const ELEMENTWISE_MATH = { floatPow, intPow, sigmoid, erf, expf, sigmoidf, tanhf };
