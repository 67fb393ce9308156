// Float32 vectors widened to double pairs, for kernels that accumulate in double.
#ifndef STRATA_PROMOTE_H
#define STRATA_PROMOTE_H

#include <wasm_simd128.h>

// Lanes 0, 1 and lanes 2, 3 of `v` as doubles.
static inline v128_t promote_low(v128_t v) { return wasm_f64x2_promote_low_f32x4(v); }
static inline v128_t promote_high(v128_t v) { return wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(v, v, 1, 0)); }

// Adds the 4 floats at `src` to the doubles in lo (lanes 0, 1) and hi (lanes 2, 3).
static inline void add_promoted(const float* src, v128_t* lo, v128_t* hi) {
  v128_t v = wasm_v128_load(src);
  *lo = wasm_f64x2_add(*lo, promote_low(v));
  *hi = wasm_f64x2_add(*hi, promote_high(v));
}

// The sum of the two double lanes of `v`.
static inline double lanes(v128_t v) { return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1); }

#endif
