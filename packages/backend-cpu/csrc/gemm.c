// Single-precision GEMM for wasm32 + SIMD128, blocked the BLIS way: B is packed into KC x NR
// micro-panels, A into MR x KC micro-panels, and a 4 x 8 register tile of C is updated with
// 128-bit multiply-adds (madd.h: a multiply and an add in SIMD128, one f32x4.relaxed_madd in the
// relaxed-SIMD build).
#include <wasm_simd128.h>

#include "gemm-blocks.h"
#include "madd.h"
#include "strata.h"

int strata_sgemm_scratch_floats(void) { return MC * KC + KC * NC; }

void strata_gemm_pack_a(int mc, int kc, const float* a, int ars, int acs, float* dst) {
  for (int i = 0; i < mc; i += MR) {
    int rows = mc - i < MR ? mc - i : MR;
    const float* src = a + i * ars;
    if (rows == MR && acs == 1) {
      const float* r0 = src;
      const float* r1 = src + ars;
      const float* r2 = src + 2 * ars;
      const float* r3 = src + 3 * ars;
      for (int p = 0; p < kc; p++) {
        dst[0] = r0[p];
        dst[1] = r1[p];
        dst[2] = r2[p];
        dst[3] = r3[p];
        dst += MR;
      }
    } else if (rows == MR && ars == 1) {
      for (int p = 0; p < kc; p++) {
        wasm_v128_store(dst, wasm_v128_load(src + p * acs));
        dst += MR;
      }
    } else {
      for (int p = 0; p < kc; p++) {
        for (int r = 0; r < MR; r++) dst[r] = r < rows ? src[r * ars + p * acs] : 0.0f;
        dst += MR;
      }
    }
  }
}

// Packs rows [p0, p0 + kc) x columns [j0, j0 + nc) of B (element (p, j) at b[p * brs + j * bcs])
// into NR-column micro-panels, zero-filling columns past n.
static void pack_b(int kc, int nc, const float* b, int brs, int bcs, float* dst) {
  for (int j = 0; j < nc; j += NR) {
    int cols = nc - j < NR ? nc - j : NR;
    const float* src = b + j * bcs;
    if (cols == NR && bcs == 1) {
      for (int p = 0; p < kc; p++) {
        const float* row = src + p * brs;
        wasm_v128_store(dst, wasm_v128_load(row));
        wasm_v128_store(dst + 4, wasm_v128_load(row + 4));
        dst += NR;
      }
    } else if (cols == NR && brs == 1) {
      const float* c0 = src;
      for (int p = 0; p < kc; p++) {
        for (int c = 0; c < NR; c++) dst[c] = c0[c * bcs + p];
        dst += NR;
      }
    } else {
      for (int p = 0; p < kc; p++) {
        for (int c = 0; c < NR; c++) dst[c] = c < cols ? src[p * brs + c * bcs] : 0.0f;
        dst += NR;
      }
    }
  }
}

#define FMA(acc, a, b) acc = STRATA_MADD(a, b, acc)

// The 4 x 8 tile is held in eight registers.
void strata_gemm_micro_kernel(int kc, const float* pa, const float* pb, float* c, int ldc, int load, int rows,
                              int cols) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int p = 0; p < kc; p++) {
    v128_t b0 = wasm_v128_load(pb);
    v128_t b1 = wasm_v128_load(pb + 4);
    v128_t a = wasm_v128_load32_splat(pa);
    FMA(c00, a, b0);
    FMA(c01, a, b1);
    a = wasm_v128_load32_splat(pa + 1);
    FMA(c10, a, b0);
    FMA(c11, a, b1);
    a = wasm_v128_load32_splat(pa + 2);
    FMA(c20, a, b0);
    FMA(c21, a, b1);
    a = wasm_v128_load32_splat(pa + 3);
    FMA(c30, a, b0);
    FMA(c31, a, b1);
    pa += MR;
    pb += NR;
  }
  if (rows == MR && cols == NR) {
    float* r0 = c;
    float* r1 = c + ldc;
    float* r2 = c + 2 * ldc;
    float* r3 = c + 3 * ldc;
    if (load) {
      c00 = wasm_f32x4_add(c00, wasm_v128_load(r0));
      c01 = wasm_f32x4_add(c01, wasm_v128_load(r0 + 4));
      c10 = wasm_f32x4_add(c10, wasm_v128_load(r1));
      c11 = wasm_f32x4_add(c11, wasm_v128_load(r1 + 4));
      c20 = wasm_f32x4_add(c20, wasm_v128_load(r2));
      c21 = wasm_f32x4_add(c21, wasm_v128_load(r2 + 4));
      c30 = wasm_f32x4_add(c30, wasm_v128_load(r3));
      c31 = wasm_f32x4_add(c31, wasm_v128_load(r3 + 4));
    }
    wasm_v128_store(r0, c00);
    wasm_v128_store(r0 + 4, c01);
    wasm_v128_store(r1, c10);
    wasm_v128_store(r1 + 4, c11);
    wasm_v128_store(r2, c20);
    wasm_v128_store(r2 + 4, c21);
    wasm_v128_store(r3, c30);
    wasm_v128_store(r3 + 4, c31);
    return;
  }
  float tile[MR * NR] __attribute__((aligned(16)));
  wasm_v128_store(tile, c00);
  wasm_v128_store(tile + 4, c01);
  wasm_v128_store(tile + 8, c10);
  wasm_v128_store(tile + 12, c11);
  wasm_v128_store(tile + 16, c20);
  wasm_v128_store(tile + 20, c21);
  wasm_v128_store(tile + 24, c30);
  wasm_v128_store(tile + 28, c31);
  for (int r = 0; r < rows; r++) {
    for (int j = 0; j < cols; j++) c[r * ldc + j] = (load ? c[r * ldc + j] : 0.0f) + tile[r * NR + j];
  }
}

void strata_sgemm(float* scratch, int m, int n, int k, const float* a, int ars, int acs, const float* b, int brs, int bcs,
                  float* c, int ldc, int accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) c[i * ldc + j] = 0.0f;
      }
    }
    return;
  }
  float* packed_a = scratch;
  float* packed_b = scratch + MC * KC;
  for (int jc = 0; jc < n; jc += NC) {
    int nc = n - jc < NC ? n - jc : NC;
    for (int pc = 0; pc < k; pc += KC) {
      int kc = k - pc < KC ? k - pc : KC;
      int load = accumulate || pc > 0;
      pack_b(kc, nc, b + pc * brs + jc * bcs, brs, bcs, packed_b);
      for (int ic = 0; ic < m; ic += MC) {
        int mc = m - ic < MC ? m - ic : MC;
        strata_gemm_pack_a(mc, kc, a + ic * ars + pc * acs, ars, acs, packed_a);
        for (int jr = 0; jr < nc; jr += NR) {
          int cols = nc - jr < NR ? nc - jr : NR;
          const float* pb = packed_b + jr * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            int rows = mc - ir < MR ? mc - ir : MR;
            strata_gemm_micro_kernel(kc, packed_a + ir * kc, pb, c + (ic + ir) * ldc + jc + jr, ldc, load, rows, cols);
          }
        }
      }
    }
  }
}
