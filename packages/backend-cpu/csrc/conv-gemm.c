// The implicit-GEMM convolution: per group, Y[og, items * OH * OW] = W[og, patch] x the im2col
// matrix [patch, items * OH * OW], computed by gemm.c's blocking and micro-kernel with the
// matrix never written: each KC x NR panel of it is packed straight from the NCHW image (patch
// row (c, kh, kw) and column (item, oh, ow) read the input pixel they name, or zero in the
// padding), and each tile of the product is stored straight into the NCHW output. Rows run in
// im2col's order and the blocking is the GEMM's, so every output equals im2col + sgemm's to the
// bit, whatever range of columns a thread is given.
#include <wasm_simd128.h>

#include "gemm-blocks.h"
#include "strata.h"

static int round_up(int n, int to) { return (n + to - 1) / to * to; }

static int patch_of(const conv_geometry* g) { return g->channels * g->kernel_h * g->kernel_w; }

int strata_conv2d_gemm_filter_floats(const conv_geometry* g, int groups, int out_per_group) {
  return groups * round_up(out_per_group, MR) * patch_of(g);
}

// Per group, the KC-row blocks of W one after another, each as the MR-row micro-panels the
// micro-kernel reads: block pc of group grp starts at packed + grp * rows * patch + pc * rows.
void strata_conv2d_gemm_pack_filter(const float* w, const conv_geometry* g, int groups, int out_per_group,
                                    float* packed) {
  int patch = patch_of(g);
  int rows = round_up(out_per_group, MR);
  for (int grp = 0; grp < groups; grp++) {
    const float* a = w + grp * out_per_group * patch;
    float* dst = packed + grp * rows * patch;
    for (int pc = 0; pc < patch; pc += KC) {
      int kc = patch - pc < KC ? patch - pc : KC;
      strata_gemm_pack_a(out_per_group, kc, a + pc, patch, 1, dst + pc * rows);
    }
  }
}

// Where the taps of patch rows [p0, p0 + kc) sit relative to an output position's window corner.
typedef struct {
  int offset[KC];  // c * in_h * in_w + kh * dilation_h * in_w + kw * dilation_w
  int dh[KC];      // kh * dilation_h
  int dw[KC];      // kw * dilation_w
} tap_rows;

static void fill_taps(const conv_geometry* g, int p0, int kc, tap_rows* taps) {
  int taps_per_channel = g->kernel_h * g->kernel_w;
  for (int p = 0; p < kc; p++) {
    int row = p0 + p;
    int c = row / taps_per_channel;
    int t = row - c * taps_per_channel;
    int kh = t / g->kernel_w;
    int kw = t - kh * g->kernel_w;
    taps->dh[p] = kh * g->dilation_h;
    taps->dw[p] = kw * g->dilation_w;
    taps->offset[p] = c * g->in_h * g->in_w + taps->dh[p] * g->in_w + taps->dw[p];
  }
}

// Packs columns [j0, j0 + nc) of the im2col matrix's rows [p0, p0 + kc) into NR-column
// micro-panels as gemm.c's pack_b does, zero-filling columns past nc. Column j is output position
// j % plane of item j / plane; x is the group's first input plane of item 0.
static void pack_image(const float* x, const conv_geometry* g, int in_item, const tap_rows* taps, int kc, int j0,
                       int nc, float* dst) {
  int plane = g->out_h * g->out_w;
  int sh = g->stride_h, sw = g->stride_w, in_h = g->in_h, in_w = g->in_w;
  for (int j = 0; j < nc; j += NR, dst += NR * kc) {
    int cols = nc - j < NR ? nc - j : NR;
    int base[NR], ih0[NR], iw0[NR];
    for (int c = 0; c < NR; c++) {
      int col = j0 + j + (c < cols ? c : 0);
      int item = col / plane;
      int pos = col - item * plane;
      int oh = pos / g->out_w;
      int ow = pos - oh * g->out_w;
      ih0[c] = oh * sh - g->pad_top;
      iw0[c] = ow * sw - g->pad_left;
      base[c] = item * in_item + ih0[c] * in_w + iw0[c];
    }
    float* out = dst;
    // A panel along one output row of one item: the 8 pixels of a tap are sw apart in one row.
    int along_row = ih0[NR - 1] == ih0[0] && iw0[NR - 1] - iw0[0] == (NR - 1) * sw;
    if (cols == NR && along_row && base[NR - 1] - base[0] == (NR - 1) * sw) {
      for (int p = 0; p < kc; p++, out += NR) {
        int ih = ih0[0] + taps->dh[p];
        int iw = iw0[0] + taps->dw[p];
        const float* src = x + base[0] + taps->offset[p];
        if ((unsigned)ih >= (unsigned)in_h) {
          wasm_v128_store(out, wasm_f32x4_splat(0.0f));
          wasm_v128_store(out + 4, wasm_f32x4_splat(0.0f));
        } else if (iw >= 0 && iw + (NR - 1) * sw < in_w) {
          if (sw == 1) {
            wasm_v128_store(out, wasm_v128_load(src));
            wasm_v128_store(out + 4, wasm_v128_load(src + 4));
          } else {
            for (int c = 0; c < NR; c++) out[c] = src[c * sw];
          }
        } else {
          for (int c = 0; c < NR; c++) out[c] = (unsigned)(iw + c * sw) < (unsigned)in_w ? src[c * sw] : 0.0f;
        }
      }
      continue;
    }
    for (int p = 0; p < kc; p++, out += NR) {
      for (int c = 0; c < NR; c++) {
        int ih = ih0[c] + taps->dh[p];
        int iw = iw0[c] + taps->dw[p];
        int inside = c < cols && (unsigned)ih < (unsigned)in_h && (unsigned)iw < (unsigned)in_w;
        out[c] = inside ? x[base[c] + taps->offset[p]] : 0.0f;
      }
    }
  }
}

// Adds (or with !load, stores) an MR x NR tile into the outputs of columns [j, j + cols) that
// cross from one item to the next, as the micro-kernel's edge path does.
static void scatter_tile(const float* tile, float* y, int out_item, int plane, int j, int rows, int cols, int load) {
  for (int c = 0; c < cols; c++) {
    int item = (j + c) / plane;
    float* column = y + item * out_item + (j + c - item * plane);
    for (int r = 0; r < rows; r++) column[r * plane] = (load ? column[r * plane] : 0.0f) + tile[r * NR + c];
  }
}

void strata_conv2d_gemm(const float* x, const float* packed_w, const conv_geometry* g, int groups, int out_per_group,
                        float* y, float* scratch, int begin, int end) {
  int patch = patch_of(g);
  int plane = g->out_h * g->out_w;
  int in_plane = g->in_h * g->in_w;
  int in_item = groups * g->channels * in_plane;
  int out_item = groups * out_per_group * plane;
  int rows = round_up(out_per_group, MR);
  float tile[MR * NR] __attribute__((aligned(16)));
  tap_rows taps;
  for (int grp = 0; grp < groups; grp++) {
    const float* xg = x + grp * g->channels * in_plane;
    const float* wg = packed_w + grp * rows * patch;
    float* yg = y + grp * out_per_group * plane;
    // No input channels: the sums are empty.
    for (int j = patch == 0 ? begin : end; j < end; j++) {
      int item = j / plane;
      for (int o = 0; o < out_per_group; o++) yg[item * out_item + o * plane + j - item * plane] = 0.0f;
    }
    for (int jc = begin; jc < end; jc += NC) {
      int nc = end - jc < NC ? end - jc : NC;
      for (int pc = 0; pc < patch; pc += KC) {
        int kc = patch - pc < KC ? patch - pc : KC;
        fill_taps(g, pc, kc, &taps);
        pack_image(xg, g, in_item, &taps, kc, jc, nc, scratch);
        for (int jr = 0; jr < nc; jr += NR) {
          int cols = nc - jr < NR ? nc - jr : NR;
          int j = jc + jr;
          int item = j / plane;
          int pos = j - item * plane;
          const float* pb = scratch + jr * kc;
          for (int ir = 0; ir < out_per_group; ir += MR) {
            int r = out_per_group - ir < MR ? out_per_group - ir : MR;
            const float* pa = wg + pc * rows + ir * kc;
            if (pos + cols <= plane) {
              strata_gemm_micro_kernel(kc, pa, pb, yg + item * out_item + ir * plane + pos, plane, pc > 0, r, cols);
            } else {
              strata_gemm_micro_kernel(kc, pa, pb, tile, NR, 0, MR, NR);
              scatter_tile(tile, yg + ir * plane, out_item, plane, j, r, cols, pc > 0);
            }
          }
        }
      }
    }
  }
}

// The filter gradient: per group, dW[og, patch] += dY[og, K] x cols^T[K, patch] over the K =
// items * OH * OW columns, with both operands packed straight from the NCHW tensors.

// Packs rows [0, mc) x columns [j0, j0 + kc) of one group's dY (column j: position j % plane of
// item j / plane) into MR-row micro-panels as strata_gemm_pack_a does, zero-filling rows past mc.
static void pack_dy(const float* dy, int plane, int out_item, int mc, int j0, int kc, float* dst) {
  int item0 = j0 / plane;
  int pos0 = j0 - item0 * plane;
  for (int i = 0; i < mc; i += MR, dst += MR * kc) {
    int rows = mc - i < MR ? mc - i : MR;
    int item = item0, pos = pos0;
    float* out = dst;
    for (int p = 0; p < kc; p++, out += MR) {
      const float* column = dy + item * out_item + i * plane + pos;
      if (rows == MR) {
        out[0] = column[0];
        out[1] = column[plane];
        out[2] = column[2 * plane];
        out[3] = column[3 * plane];
      } else {
        for (int r = 0; r < MR; r++) out[r] = r < rows ? column[r * plane] : 0.0f;
      }
      if (++pos == plane) {
        pos = 0;
        item++;
      }
    }
  }
}

// Packs rows [j0, j0 + kc) x columns [t0, t0 + nc) of cols^T (row j: output position j, column
// t: patch row t) into NR-column micro-panels, zero-filling columns past nc; x is the group's
// first input plane of item 0.
static void pack_image_t(const float* x, const conv_geometry* g, int in_item, int t0, int nc, int j0, int kc,
                         float* dst) {
  int plane = g->out_h * g->out_w;
  int in_h = g->in_h, in_w = g->in_w;
  tap_rows taps;
  for (int t = 0; t < nc; t += NR, dst += NR * kc) {
    int cols = nc - t < NR ? nc - t : NR;
    fill_taps(g, t0 + t, cols, &taps);
    int item = j0 / plane;
    int pos = j0 - item * plane;
    int oh = pos / g->out_w;
    int ow = pos - oh * g->out_w;
    // The panel's taps reach rows [ih0, ih0 + reach_h] and columns [iw0, iw0 + reach_w] of a window.
    int reach_h = 0, reach_w = 0;
    for (int c = 0; c < cols; c++) {
      if (taps.dh[c] > reach_h) reach_h = taps.dh[c];
      if (taps.dw[c] > reach_w) reach_w = taps.dw[c];
    }
    float* out = dst;
    for (int p = 0; p < kc; p++, out += NR) {
      int ih0 = oh * g->stride_h - g->pad_top;
      int iw0 = ow * g->stride_w - g->pad_left;
      const float* corner = x + item * in_item + ih0 * in_w + iw0;
      if (cols == NR && ih0 >= 0 && ih0 + reach_h < in_h && iw0 >= 0 && iw0 + reach_w < in_w) {
        for (int c = 0; c < NR; c++) out[c] = corner[taps.offset[c]];
      } else {
        for (int c = 0; c < NR; c++) {
          int ih = ih0 + (c < cols ? taps.dh[c] : 0);
          int iw = iw0 + (c < cols ? taps.dw[c] : 0);
          int inside = c < cols && (unsigned)ih < (unsigned)in_h && (unsigned)iw < (unsigned)in_w;
          out[c] = inside ? corner[taps.offset[c]] : 0.0f;
        }
      }
      if (++ow == g->out_w) {
        ow = 0;
        if (++oh == g->out_h) {
          oh = 0;
          item++;
        }
      }
    }
  }
}

void strata_conv2d_gemm_filter_grad(const float* x, const float* dy, const conv_geometry* g, int groups,
                                    int out_per_group, int items, int chunk_items, float* dw, float* scratch,
                                    int begin, int end) {
  int patch = patch_of(g);
  int plane = g->out_h * g->out_w;
  int in_plane = g->in_h * g->in_w;
  int in_item = groups * g->channels * in_plane;
  int out_item = groups * out_per_group * plane;
  float* packed_a = scratch;
  float* packed_b = scratch + MC * KC;
  for (int grp = 0; grp < groups; grp++) {
    const float* xg = x + grp * g->channels * in_plane;
    const float* dyg = dy + grp * out_per_group * plane;
    float* dwg = dw + grp * out_per_group * patch;
    for (int o = 0; o < out_per_group; o++) {
      for (int t = begin; t < end; t++) dwg[o * patch + t] = 0.0f;
    }
    // The im2col pass's batch chunks, each one sgemm accumulating into dW.
    for (int b0 = 0; b0 < items; b0 += chunk_items) {
      int k0 = b0 * plane;
      int k = (items - b0 < chunk_items ? items - b0 : chunk_items) * plane;
      for (int jc = begin; jc < end; jc += NC) {
        int nc = end - jc < NC ? end - jc : NC;
        for (int pc = 0; pc < k; pc += KC) {
          int kc = k - pc < KC ? k - pc : KC;
          pack_image_t(xg, g, in_item, jc, nc, k0 + pc, kc, packed_b);
          for (int ic = 0; ic < out_per_group; ic += MC) {
            int mc = out_per_group - ic < MC ? out_per_group - ic : MC;
            pack_dy(dyg + ic * plane, plane, out_item, mc, k0 + pc, kc, packed_a);
            for (int jr = 0; jr < nc; jr += NR) {
              int cols = nc - jr < NR ? nc - jr : NR;
              for (int ir = 0; ir < mc; ir += MR) {
                int rows = mc - ir < MR ? mc - ir : MR;
                strata_gemm_micro_kernel(kc, packed_a + ir * kc, packed_b + jr * kc, dwg + (ic + ir) * patch + jc + jr,
                                         patch, 1, rows, cols);
              }
            }
          }
        }
      }
    }
  }
}
