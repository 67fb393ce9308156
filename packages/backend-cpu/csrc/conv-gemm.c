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
