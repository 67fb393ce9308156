/**
 * exp, sigmoid and tanh in float32 arithmetic, every step rounded to float32: the reference the
 * generated WebAssembly loops reproduce with f32 and f32x4 instructions (add, multiply, divide
 * and floor round alike in both), so every CPU rendering of a float32 program gives the same bits.
 * JavaScript's `Math.exp` is correctly rounded in double and has no SIMD form; these are within
 * 2 ulps of the exact values (Cody-Waite reduction and Cephes's degree-6 polynomial for exp).
 */
const f = Math.fround;

/** Above this float32, e^x overflows to +Infinity; below {@link EXP_MIN}, it rounds to 0. */
export const EXP_MAX = f(88.72283935546875);
/** Below this float32, e^x is below half the smallest subnormal float32. */
export const EXP_MIN = f(-103.97207708);
/** log2(e), rounded to float32. */
export const LOG2E = f(Math.LOG2E);
/** ln 2 split in two: a high part with few bits, so `n * LN2_HI` is exact, and the remainder. */
export const LN2_HI = f(0.693359375);
export const LN2_LO = f(-2.1219444e-4);
/** Cephes expf's polynomial for `(e^r - 1 - r) / r^2`, highest degree first. */
export const EXP_POLY = [
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
].map(f);
/** Below this |x|, tanh is its Taylor series to x^11 (no cancellation), float32 coefficients. */
export const TANH_SERIES_BELOW = f(0.25);
export const TANH_SERIES = [-1 / 3, 2 / 15, -17 / 315, 62 / 2835, -1382 / 155925].map(f);

/** 2^k for an integer k in [-126, 127], exactly. */
const pow2 = (k: number): number => 2 ** k;

/**
 * e^x in float32 steps: n = floor(x log2 e + 1/2), r = x - n ln 2 (in two parts), e^r by the
 * polynomial, scaled by 2^n in two halves so that neither overflows and a subnormal result is
 * rounded once.
 *
 * @example
 * ```ts
 * expf(1); // 2.7182817459106445 (e in float32)
 * ```
 */
export function expf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > EXP_MAX) return Number.POSITIVE_INFINITY;
  if (x < EXP_MIN) return 0;
  const n = Math.floor(f(f(x * LOG2E) + 0.5));
  const r = f(f(x - f(n * LN2_HI)) - f(n * LN2_LO));
  let p = EXP_POLY[0]!;
  for (let i = 1; i < EXP_POLY.length; i++) p = f(f(p * r) + EXP_POLY[i]!);
  p = f(f(f(f(p * f(r * r)) + r)) + 1);
  const half = n >> 1;
  return f(f(p * pow2(half)) * pow2(n - half));
}

/**
 * The logistic sigmoid in float32 steps; never exponentiates a positive number.
 *
 * @example
 * ```ts
 * sigmoidf(0); // 0.5
 * ```
 */
export function sigmoidf(x: number): number {
  if (x >= 0) return f(1 / f(1 + expf(-x)));
  const e = expf(x);
  return f(e / f(1 + e));
}

/**
 * tanh in float32 steps: the Taylor series below |x| = 1/4, else `(1 - e) / (1 + e)` with
 * `e = e^(-2|x|)` (which never overflows) and the sign of x.
 *
 * @example
 * ```ts
 * tanhf(1e-22); // 1e-22 in float32
 * ```
 */
export function tanhf(x: number): number {
  const a = Math.abs(x);
  if (a < TANH_SERIES_BELOW) {
    const s = f(x * x);
    let p = TANH_SERIES[TANH_SERIES.length - 1]!;
    for (let i = TANH_SERIES.length - 2; i >= 0; i--) p = f(f(p * s) + TANH_SERIES[i]!);
    // x (1 + p s), not x + x p s: the product keeps the sign of -0.
    return f(x * f(1 + f(p * s)));
  }
  if (Number.isNaN(a)) return x;
  const e = expf(f(-2 * a));
  const t = f(f(1 - e) / f(1 + e));
  return x < 0 ? -t : t;
}

/**
 * e^x for a dtype: float32 in the float32 steps every CPU rendering of exp takes
 * (the WebAssembly kernel's lanes have the same bits), float64 by `Math.exp`.
 *
 * @example
 * ```ts
 * const exp = expFor('float32');
 * ```
 */
export function expFor(dtype: string): (x: number) => number {
  return dtype === 'float32' ? expf : Math.exp;
}
