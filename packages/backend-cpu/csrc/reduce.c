// Per-channel sums of float32 values viewed as [outer, channels, inner]: a convolution's bias
// gradient (dy summed over items and positions) and a linear layer's (summed over rows). Sums
// accumulate in double, as the TypeScript reduce does, and each channel's order is fixed, so the
// split between threads cannot change them.
#include <wasm_simd128.h>

#include "promote.h"
#include "strata.h"

// inner == 1: 4 channels at a time, each summed down the rows in row order (the TypeScript
// reduce's order, so the same doubles).
static void sum_columns(const float* x, int outer, int channels, float* y, int begin, int end) {
  int c = begin;
  for (; c + 4 <= end; c += 4) {
    v128_t lo = wasm_f64x2_splat(0.0), hi = wasm_f64x2_splat(0.0);
    for (int o = 0; o < outer; o++) add_promoted(x + o * channels + c, &lo, &hi);
    y[c] = (float)wasm_f64x2_extract_lane(lo, 0);
    y[c + 1] = (float)wasm_f64x2_extract_lane(lo, 1);
    y[c + 2] = (float)wasm_f64x2_extract_lane(hi, 0);
    y[c + 3] = (float)wasm_f64x2_extract_lane(hi, 1);
  }
  for (; c < end; c++) {
    double s = 0.0;
    for (int o = 0; o < outer; o++) s += x[o * channels + c];
    y[c] = (float)s;
  }
}

void strata_sum_channels(const float* x, int outer, int channels, int inner, float* y, int begin, int end) {
  if (inner == 1) {
    sum_columns(x, outer, channels, y, begin, end);
    return;
  }
  int full = inner & ~7;
  for (int c = begin; c < end; c++) {
    // Eight partial sums (four pairs of lanes) hide the latency of the double adds.
    v128_t a0 = wasm_f64x2_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
    double tail = 0.0;
    for (int o = 0; o < outer; o++) {
      const float* row = x + (o * channels + c) * inner;
      for (int i = 0; i < full; i += 8) {
        add_promoted(row + i, &a0, &a1);
        add_promoted(row + i + 4, &a2, &a3);
      }
      for (int i = full; i < inner; i++) tail += row[i];
    }
    y[c] = (float)(((lanes(a0) + lanes(a1)) + (lanes(a2) + lanes(a3))) + tail);
  }
}
