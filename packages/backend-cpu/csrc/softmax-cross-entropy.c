// Softmax cross-entropy of float32 rows [begin, end) against int32 class indices, forward and
// backward. e^x is the float32 exp of the elementwise kernels (float32-transcendentals.ts):
// the same float32 steps, lane for lane, so the gradient has the bits of the TypeScript kernel.
// The forward sums e^(x - max) and the logits in double, each row in an order fixed by the
// class count alone (blocks of 4 into two double pairs, the rest one by one), so the split of
// rows between threads cannot change a result.
#include <wasm_simd128.h>

#include "promote.h"
#include "strata.h"

// Constants of float32-transcendentals.ts, as float32.
#define EXP_MIN -103.97207708f
#define LOG2E 1.4426950408889634f
#define LN2_HI 0.693359375f
#define LN2_LO -2.1219444e-4f

static inline v128_t splat(float v) { return wasm_f32x4_splat(v); }
static inline v128_t madd(v128_t a, v128_t b, v128_t c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }

// 2^k for int32 lanes k in [-126, 127], exactly.
static inline v128_t pow2(v128_t k) { return wasm_i32x4_shl(wasm_i32x4_add(k, wasm_i32x4_splat(127)), 23); }

// e^x lane by lane for x <= ln(FLT_MAX) (every caller's x is at most about 0): the steps of expf.
static inline v128_t exp_f32x4(v128_t x) {
  v128_t n = wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(x, splat(LOG2E)), splat(0.5f)));
  v128_t r = wasm_f32x4_sub(wasm_f32x4_sub(x, wasm_f32x4_mul(n, splat(LN2_HI))), wasm_f32x4_mul(n, splat(LN2_LO)));
  v128_t p = splat(1.98756915e-4f);
  p = madd(p, r, splat(1.3981999507e-3f));
  p = madd(p, r, splat(8.3334519073e-3f));
  p = madd(p, r, splat(4.1665795894e-2f));
  p = madd(p, r, splat(1.6666665459e-1f));
  p = madd(p, r, splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(p, wasm_f32x4_mul(r, r)), r), splat(1.0f));
  v128_t ni = wasm_i32x4_trunc_sat_f32x4(n);
  v128_t half = wasm_i32x4_shr(ni, 1);
  v128_t e = wasm_f32x4_mul(wasm_f32x4_mul(p, pow2(half)), pow2(wasm_i32x4_sub(ni, half)));
  // Below EXP_MIN e^x is 0 (n would leave pow2's range); a NaN stays NaN through the steps.
  return wasm_v128_andnot(e, wasm_f32x4_lt(x, splat(EXP_MIN)));
}

static inline float exp_f32(float x) { return wasm_f32x4_extract_lane(exp_f32x4(splat(x)), 0); }

// The float64 whose bits are hi:lo (an argument slot holds an int32).
static inline double from_bits(unsigned hi, unsigned lo) {
  return __builtin_bit_cast(double, ((unsigned long long)hi << 32) | lo);
}

// ln x for x >= 1 in double (the sums of e^(x - max) include e^0 = 1): x = 2^k m with m in
// [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| < 0.172, by its series
// to s^23 (the next term is below 2^-60 of ln m).
static double log_double(double x) {
  if (!(x < __builtin_inf())) return x;
  unsigned long long bits = __builtin_bit_cast(unsigned long long, x);
  int k = (int)(bits >> 52) - 1023;
  double m = __builtin_bit_cast(double, (bits & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    k++;
  }
  double s = (m - 1.0) / (m + 1.0), s2 = s * s, series = 1.0 / 23.0;
  for (int i = 21; i >= 1; i -= 2) series = series * s2 + 1.0 / i;
  return k * 0.6931471805599453 + 2.0 * s * series;
}

static float row_max(const float* x, int classes) {
  int quad = classes & ~3;
  float m = -__builtin_inff();
  if (quad > 0) {
    v128_t v = wasm_v128_load(x);
    for (int j = 4; j < quad; j += 4) v = wasm_f32x4_max(v, wasm_v128_load(x + j));
    v = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    v = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
    m = wasm_f32x4_extract_lane(v, 0);
  }
  for (int j = quad; j < classes; j++) m = wasm_f32x4_extract_lane(wasm_f32x4_max(splat(m), splat(x[j])), 0);
  return m;
}

// A row's loss from its logits: writes the logsumexp to *lse and returns
// (1 - e) (lse - x[t]) + e (lse - mean x), in double.
static double row_loss(const float* x, int classes, int t, double smoothing, float* lse) {
  float m = row_max(x, classes);
  int quad = classes & ~3;
  v128_t vm = splat(m), e0 = wasm_f64x2_splat(0.0), e1 = e0, x0 = e0, x1 = e0;
  for (int j = 0; j < quad; j += 4) {
    v128_t v = wasm_v128_load(x + j);
    v128_t e = exp_f32x4(wasm_f32x4_sub(v, vm));
    e0 = wasm_f64x2_add(e0, promote_low(e));
    e1 = wasm_f64x2_add(e1, promote_high(e));
    x0 = wasm_f64x2_add(x0, promote_low(v));
    x1 = wasm_f64x2_add(x1, promote_high(v));
  }
  double sum = lanes(e0) + lanes(e1), xsum = lanes(x0) + lanes(x1);
  for (int j = quad; j < classes; j++) {
    sum += exp_f32(x[j] - m);
    xsum += x[j];
  }
  double l = m + log_double(sum);
  *lse = (float)l;
  double nll = l - x[t];
  return smoothing == 0.0 ? nll : (1.0 - smoothing) * nll + smoothing * (l - xsum / classes);
}

void strata_softmax_cross_entropy(const float* logits, const int* target, unsigned smoothing_hi, unsigned smoothing_lo,
                                  int ignore_index, int classes, float* losses, float* lse, int begin, int end) {
  double smoothing = from_bits(smoothing_hi, smoothing_lo);
  for (int n = begin; n < end; n++) {
    if (target[n] == ignore_index) {
      losses[n] = 0.0f;
      lse[n] = 0.0f;
    } else {
      losses[n] = (float)row_loss(logits + n * classes, classes, target[n], smoothing, &lse[n]);
    }
  }
}

void strata_softmax_cross_entropy_grad(const float* dy, const float* logits, const int* target, const float* lse,
                                       unsigned smoothing_hi, unsigned smoothing_lo, int ignore_index, int classes,
                                       float* dx, int begin, int end) {
  double smoothing = from_bits(smoothing_hi, smoothing_lo);
  float off = (float)(smoothing / classes);
  float on = (float)(1.0 - smoothing) + off;
  int quad = classes & ~3;
  for (int n = begin; n < end; n++) {
    const float* x = logits + n * classes;
    float* out = dx + n * classes;
    int t = target[n];
    if (t == ignore_index) {
      for (int j = 0; j < classes; j++) out[j] = 0.0f;
      continue;
    }
    v128_t g = splat(dy[n]), l = splat(lse[n]), q = splat(off);
    for (int j = 0; j < quad; j += 4) {
      v128_t p = exp_f32x4(wasm_f32x4_sub(wasm_v128_load(x + j), l));
      wasm_v128_store(out + j, wasm_f32x4_mul(g, wasm_f32x4_sub(p, q)));
    }
    for (int j = quad; j < classes; j++) out[j] = dy[n] * (exp_f32(x[j] - lse[n]) - off);
    out[t] = dy[n] * (exp_f32(x[t] - lse[n]) - on);
  }
}
