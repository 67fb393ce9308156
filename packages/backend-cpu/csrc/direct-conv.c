// Direct convolution for few input channels per group, where im2col would copy every input value
// KH * KW times for a GEMM too thin to repay it (LeNet: 1 and 6 channels, 5x5 filters).
//
// Each (item, group) unit first copies its input planes into a zero-padded scratch, with the
// columns of every row split into stride_w phases (phase p holds columns p, p + stride_w, ...), so
// that the inputs of four neighbouring output columns at any filter tap are four consecutive floats
// and the tap loop has no bounds checks. A tile of up to 2 output channels x 4 vectors of 4 output
// columns (of one output row) then stays in registers while it sums over every tap.
//
// Where output rows end in a partial vector, rows advance one input row each (stride_h 1) and
// every output row meets every filter row (no padding rows), the unit's input is laid out flat
// instead, as the filter gradient below lays it out: one copy per (channel, kw) with rows out_w
// wide, so that tap (channel, kh, kw) at flat output f = oh * out_w + ow reads
// copy[f + kh * dilation_h * out_w], and a tile takes 16 consecutive outputs of the plane, across
// rows, with one partial vector a plane instead of one a row (LeNet's conv2: 25 vectors rather
// than 30). The copies hold 3.2x the padded floats there, and the flat tiles repay them; with
// padding rows a tile's outputs would sum over different filter rows, and LeNet's conv2 input
// gradient (dy padded by 4, 16 channels) ran 1.4x slower flat, its copies 3.6x the padded floats
// for 3 vectors saved of 56, so such convolutions keep the row tiles.
//
// An output row sums only over the filter rows kh whose input row lies inside the input: the taps
// of padding rows would multiply zeros, which costs time (29 % of the multiply-adds of LeNet's
// conv2 input gradient, whose dy is padded by 4) and would turn a weight of inf or NaN that meets
// only padding into NaN, where PyTorch's input gradient forms no such product. Padding columns
// share SIMD vectors with inside columns, so their products are formed. Every output adds its
// products in tap order (channel, kh, kw) starting from zero, however the units are split between
// calls, so results do not depend on the split; a zero product left out changes no finite sum.
#include <wasm_simd128.h>

#include "madd.h"
#include "strata.h"

// Tiles of up to 2 channels x 4 vectors: 8 accumulators leave V8 room for the operands (x64 has 16
// SIMD registers); on LeNet's shapes this beat 3 x 3, 3 x 4, 4 x 2, 4 x 3 and 4 x 4 tiles.
#define MAX_OCB 2
#define MAX_VB 4

#define FMA(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))

// The padded, phase-split copy of one channel: `rows` rows of `stride_w` phases of `jw` floats.
typedef struct {
  int jw, row, rows, channel;
} padded_layout;

static padded_layout layout_of(const conv_geometry* g) {
  padded_layout p;
  int vec_w = (g->out_w + 3) & ~3;
  p.jw = vec_w + (g->kernel_w - 1) * g->dilation_w / g->stride_w;
  p.row = g->stride_w * p.jw;
  p.rows = g->out_h > 0 ? (g->out_h - 1) * g->stride_h + (g->kernel_h - 1) * g->dilation_h + 1 : 0;
  p.channel = p.rows * p.row;
  return p;
}

static void zero(float* dst, int n) {
  for (int i = 0; i < n; i++) dst[i] = 0.0f;
}

// The columns dst[j] = row[first + j * step] for j in [0, n) of a row `width` floats wide: those
// in [start, end) are inside it, the rest are zero.
typedef struct {
  int first, step, start, end, n;
} row_columns;

static row_columns columns_of(int width, int first, int step, int n) {
  row_columns k = {first, step, first < 0 ? (-first + step - 1) / step : 0,
                   width - first <= 0 ? 0 : (width - first + step - 1) / step, n};
  if (k.end > n) k.end = n;
  if (k.start > k.end) k.start = k.end;
  return k;
}

// Copies columns k of the padded rows [0, rows) of `plane` (input row r - pad_top, zeros where
// that is outside) to dst, rows dst_step floats apart.
static void copy_rows(const float* plane, const conv_geometry* g, row_columns k, int rows, float* dst, int dst_step) {
  for (int r = 0; r < rows; r++, dst += dst_step) {
    int ih = r - g->pad_top;
    if (ih < 0 || ih >= g->in_h) {
      zero(dst, k.n);
      continue;
    }
    const float* src = plane + ih * g->in_w;
    zero(dst, k.start);
    int j = k.start;
    // Contiguous columns go by vectors, the last overlapping the one before where the run is not
    // a whole number of vectors: the flat layout below copies 420 rows of 10 floats per item of
    // LeNet's conv2, where copying by floats cost a fifth of the gradient's time.
    if (k.step == 1 && k.end - j >= 4) {
      for (; j + 4 < k.end; j += 4) wasm_v128_store(dst + j, wasm_v128_load(src + k.first + j));
      wasm_v128_store(dst + k.end - 4, wasm_v128_load(src + k.first + k.end - 4));
      j = k.end;
    }
    for (; j < k.end; j++) dst[j] = src[k.first + j * k.step];
    zero(dst + k.end, k.n - k.end);
  }
}

static void pad_planes(const float* x, const conv_geometry* g, padded_layout p, float* dst) {
  int sw = g->stride_w;
  for (int c = 0; c < g->channels; c++, dst += p.channel) {
    const float* plane = x + c * g->in_h * g->in_w;
    // Column j of a phase is input column phase + j * sw - pad_left.
    for (int phase = 0; phase < sw; phase++) {
      copy_rows(plane, g, columns_of(g->in_w, phase - g->pad_left, sw, p.jw), p.rows, dst + phase * p.jw, p.row);
    }
  }
}

// Stores the first n (1 to 3) lanes of v.
static void store_partial(float* dst, v128_t v, int n) {
  if (n == 1) {
    wasm_v128_store32_lane(dst, v, 0);
  } else {
    wasm_v128_store64_lane(dst, v, 0);
    if (n == 3) wasm_v128_store32_lane(dst + 2, v, 2);
  }
}

// out[i][4v + l] = sum over channels c and taps t in [lo, hi) of that channel's taps of
// w[i * patch + c * taps + t] * in[off[c * taps + t] + 4v + l], for ocb output channels (planes
// `plane` floats apart, filters `patch` floats apart) and vb vectors, of which the first `cols`
// columns are stored.
static inline __attribute__((always_inline)) void tile(int ocb, int vb, int channels, int taps, int lo, int hi,
                                                       const int* off, const float* in, const float* w, float* out,
                                                       int plane, int cols) {
  v128_t acc[MAX_OCB][MAX_VB];
  for (int i = 0; i < ocb; i++) {
    for (int v = 0; v < vb; v++) acc[i][v] = wasm_f32x4_splat(0.0f);
  }
  int patch = channels * taps;
  for (int c = 0; c < channels; c++, off += taps, w += taps) {
    for (int t = lo; t < hi; t++) {
      const float* src = in + off[t];
      v128_t xv[MAX_VB];
      for (int v = 0; v < vb; v++) xv[v] = wasm_v128_load(src + 4 * v);
      for (int i = 0; i < ocb; i++) {
        v128_t wi = wasm_v128_load32_splat(w + i * patch + t);
        for (int v = 0; v < vb; v++) FMA(acc[i][v], wi, xv[v]);
      }
    }
  }
  for (int i = 0; i < ocb; i++) {
    float* row = out + i * plane;
    for (int v = 0; v < vb; v++) {
      int n = cols - 4 * v;
      if (n >= 4) {
        wasm_v128_store(row + 4 * v, acc[i][v]);
      } else {
        store_partial(row + 4 * v, acc[i][v], n);
      }
    }
  }
}

typedef void (*tile_fn)(int channels, int taps, int lo, int hi, const int* off, const float* in, const float* w,
                        float* out, int plane, int cols);

#define TILE(ocb, vb)                                                                                       \
  static void tile_##ocb##_##vb(int channels, int taps, int lo, int hi, const int* off, const float* in,    \
                                const float* w, float* out, int plane, int cols) {                          \
    tile(ocb, vb, channels, taps, lo, hi, off, in, w, out, plane, cols);                                    \
  }
#define TILE_ROW(ocb) TILE(ocb, 1) TILE(ocb, 2) TILE(ocb, 3) TILE(ocb, 4)
TILE_ROW(1)
TILE_ROW(2)

static const tile_fn TILES[MAX_OCB][MAX_VB] = {
    {tile_1_1, tile_1_2, tile_1_3, tile_1_4},
    {tile_2_1, tile_2_2, tile_2_3, tile_2_4},
};

// Writes to off[t] the offset in a unit's padded planes of tap t = (channel, kh, kw) for output
// column 0 of output row 0.
static int* tap_offsets(const conv_geometry* g, padded_layout p, int* off) {
  for (int c = 0, t = 0; c < g->channels; c++) {
    for (int kh = 0; kh < g->kernel_h; kh++) {
      for (int kw = 0; kw < g->kernel_w; kw++, t++) {
        int col = kw * g->dilation_w;
        off[t] = c * p.channel + kh * g->dilation_h * p.row + col % g->stride_w * p.jw + col / g->stride_w;
      }
    }
  }
  return off;
}

// The filter rows [first, last) whose input row, for output row oh, is inside the input (an empty
// range where none is); the rows are contiguous since the input row grows with kh.
typedef struct {
  int first, last;
} kh_range;

static kh_range inside_rows(const conv_geometry* g, int oh) {
  int top = oh * g->stride_h - g->pad_top;
  int d = g->dilation_h;
  kh_range r;
  r.first = top < 0 ? (-top + d - 1) / d : 0;
  r.last = top >= g->in_h ? 0 : (g->in_h - 1 - top) / d + 1;
  if (r.last > g->kernel_h) r.last = g->kernel_h;
  if (r.first > r.last) r.first = r.last;
  return r;
}

// A unit's input layout for geometry g: `flat` (per (channel, kw) copies with rows out_w wide,
// below) or padded (above); floats of one (channel, kw) copy where flat, and of one channel.
typedef struct {
  int flat, copy, channel;
} input_layout;

static input_layout layout_as(const conv_geometry* g, int flat) {
  padded_layout p = layout_of(g);
  input_layout l;
  l.flat = flat;
  // A flat walk reads up to 3 floats past tap (channel, KH - 1, kw)'s last output, which is the
  // copy's last row; a whole number of vectors keeps every copy 16-byte aligned.
  l.copy = (p.rows * g->out_w + 3 + 3) & ~3;
  l.channel = l.flat ? g->kernel_w * l.copy : p.channel;
  return l;
}

// Flat walks save vectors where output rows end in a partial vector, and need rows that advance
// one input row each.
static int partial_rows(const conv_geometry* g) { return g->stride_h == 1 && g->out_w % 4 != 0; }

// The filter gradient's layout.
static input_layout grad_layout_of(const conv_geometry* g) { return layout_as(g, partial_rows(g)); }

// The forward's layout: flat only where, besides, every output row meets every filter row (see
// the top of this file), and where a unit's flat copies fit in a thread's GEMM scratch, which the
// threads lend to this kernel: larger copies (wide planes) would keep the call on one thread.
static input_layout forward_layout_of(const conv_geometry* g) {
  int whole = g->out_h > 0 && inside_rows(g, 0).first == 0 && inside_rows(g, g->out_h - 1).last == g->kernel_h;
  input_layout flat = layout_as(g, partial_rows(g) && whole);
  int fits = g->channels * (flat.channel + g->kernel_h * g->kernel_w) <= strata_sgemm_scratch_floats();
  return flat.flat && !fits ? layout_as(g, 0) : flat;
}

// The flat layout of one unit's input planes: per channel and kw, padded row r (input row
// r - pad_top) holds at column j the input column j * stride_w + kw * dilation_w - pad_left.
static void flat_planes(const float* x, const conv_geometry* g, input_layout l, float* dst) {
  int rows = layout_of(g).rows;
  for (int c = 0; c < g->channels; c++) {
    const float* plane = x + c * g->in_h * g->in_w;
    for (int kw = 0; kw < g->kernel_w; kw++, dst += l.copy) {
      row_columns k = columns_of(g->in_w, kw * g->dilation_w - g->pad_left, g->stride_w, g->out_w);
      copy_rows(plane, g, k, rows, dst, g->out_w);
      zero(dst + rows * g->out_w, l.copy - rows * g->out_w);
    }
  }
}

// Writes to off[t] the offset in a unit's flat copies of tap t = (channel, kh, kw) for output 0.
static int* flat_tap_offsets(const conv_geometry* g, input_layout l, int* off) {
  for (int c = 0, t = 0; c < g->channels; c++) {
    for (int kh = 0; kh < g->kernel_h; kh++) {
      for (int kw = 0; kw < g->kernel_w; kw++, t++) off[t] = c * l.channel + kw * l.copy + kh * g->dilation_h * g->out_w;
    }
  }
  return off;
}

// Lays out one unit's input planes x in layout l.
static void lay_out(const float* x, const conv_geometry* g, input_layout l, float* dst) {
  if (l.flat) {
    flat_planes(x, g, l, dst);
  } else {
    pad_planes(x, g, layout_of(g), dst);
  }
}

int strata_conv2d_direct_scratch_floats(const conv_geometry* g) {
  return g->channels * (forward_layout_of(g).channel + g->kernel_h * g->kernel_w);
}

void strata_conv2d_direct(const float* x, const float* w, const conv_geometry* g, int groups, int out_per_group,
                          float* y, float* scratch, int begin, int end) {
  padded_layout p = layout_of(g);
  input_layout l = forward_layout_of(g);
  int taps = g->kernel_h * g->kernel_w;
  int patch = g->channels * taps;
  float* planes = scratch;
  int* off = (int*)(scratch + g->channels * l.channel);
  off = l.flat ? flat_tap_offsets(g, l, off) : tap_offsets(g, p, off);
  int plane = g->out_h * g->out_w;
  int vecs = (g->out_w + 3) / 4;
  for (int u = begin; u < end; u++) {
    lay_out(x + u * g->channels * g->in_h * g->in_w, g, l, planes);
    const float* wg = w + u % groups * out_per_group * patch;
    float* yg = y + u * out_per_group * plane;
    for (int o = 0; o < out_per_group; o += MAX_OCB) {
      int n = out_per_group - o < MAX_OCB ? out_per_group - o : MAX_OCB;
      float* out = yg + o * plane;
      if (l.flat) {
        // Every output sums over every tap, so a tile takes 16 consecutive outputs of the plane.
        for (int f = 0; f < plane; f += 4 * MAX_VB) {
          int cols = plane - f < 4 * MAX_VB ? plane - f : 4 * MAX_VB;
          TILES[n - 1][(cols + 3) / 4 - 1](1, patch, 0, patch, off, planes + f, wg + o * patch, out + f, plane, cols);
        }
        continue;
      }
      for (int oh = 0; oh < g->out_h; oh++) {
        kh_range rows = inside_rows(g, oh);
        // Where every filter row is inside, the taps of all channels are one range.
        int whole = rows.first == 0 && rows.last == g->kernel_h;
        int channels = whole ? 1 : g->channels;
        int lo = rows.first * g->kernel_w;
        int hi = whole ? patch : rows.last * g->kernel_w;
        const float* in = planes + oh * g->stride_h * p.row;
        for (int v = 0; v < vecs; v += MAX_VB) {
          int nv = vecs - v < MAX_VB ? vecs - v : MAX_VB;
          TILES[n - 1][nv - 1](channels, whole ? patch : taps, lo, hi, off, in + 4 * v, wg + o * patch,
                               out + oh * g->out_w + 4 * v, plane, g->out_w - 4 * v);
        }
      }
    }
  }
}

// The filter gradient: dW[o][t] for output channel o and tap t = (channel, kh, kw) is the dot
// product of o's dy planes with the input planes shifted to tap t, over every item and output
// position. Units are output channels; a part walks its units over the input planes that
// strata_conv2d_direct_pad laid out for every item and group beforehand, since laying them out in
// every part costs as much as the tiles on LeNet's conv1. Tiles of up to 2 channels x 4 taps,
// vectorised over output positions, sum a block of items in registers: per call a tile zeroes 8
// accumulators and adds them to memory, which on LeNet's conv2 (10 x 10 outputs) cost as much as
// the multiply-adds when a tile took one item. A block is as many items as keep one tile's inputs
// within L1.
//
// Where output rows are not a whole number of vectors wide and rows advance one input row each
// (stride_h 1), a tile walks each item's dy plane as one flat run of vectors, with no row loop and
// one masked vector an item instead of one a row (LeNet's conv2: 25 vectors an item rather than
// 30, of which 10 masked). The input is then laid out per (channel, kw) as rows out_w wide holding
// the columns that tap's outputs read, so that tap (channel, kh, kw) at flat output position f
// reads copy[f + kh * dilation_h * out_w]. Elsewhere the input is the padded, phase-split layout
// above and a tile walks output rows.
//
// Blocks are counted from item 0 of the batch: each lane sums a block in item order from zero and
// adds it to the lane acc[o][t][0..3], and a block that a chunk ends parks its sums in a second
// set of lanes that the next chunk resumes, so every lane adds the same terms in the same order
// whatever the chunks and the split over threads; `finish` adds the four lanes into dW in one
// fixed order.

// 2 x 4 accumulators, 2 dy vectors and an input vector stay within x64's 16 SIMD registers.
#define GRAD_OCB 2
#define GRAD_TB 4

// Floats of one block's tile inputs: 24 KiB, within the 32 KiB and more of L1 data cache that
// current x64 cores have, with room for the lanes and offsets.
#define GRAD_BLOCK_FLOATS 6144

int strata_conv2d_direct_padded_floats(const conv_geometry* g) { return g->channels * grad_layout_of(g).channel; }

void strata_conv2d_direct_pad(const float* x, const conv_geometry* g, float* padded, int begin, int end) {
  input_layout l = grad_layout_of(g);
  int unit = g->channels * l.channel;
  int in_unit = g->channels * g->in_h * g->in_w;
  for (int u = begin; u < end; u++) lay_out(x + u * in_unit, g, l, padded + u * unit);
}

// Items per block for geometry g (at least one): a tile reads 2 dy planes and about a plane per tap
// of each item.
static int grad_block(const conv_geometry* g) {
  int per_item = (GRAD_OCB + GRAD_TB) * g->out_h * g->out_w;
  return GRAD_BLOCK_FLOATS / per_item > 1 ? GRAD_BLOCK_FLOATS / per_item : 1;
}

// How a tile steps through the input and dy: out_h rows of out_w outputs (one row of the whole
// plane where flat), input rows in_step floats apart and items in_item apart; dy planes `plane`
// floats apart and items dy_item apart; acc rows `patch` taps of 4 lanes apart, and a block's
// parked lanes `parked` floats after its lanes.
typedef struct {
  int out_h, out_w, in_step, in_item, plane, dy_item, patch, parked;
} grad_walk;

// Sums over `items` items of dy plane i times the input at tap off[t], for ocb channels and tb
// taps, starting from zero where `open` (the block starts) else from the parked lanes, and adds
// the sums to acc[i][t] where `close` (the block ends) else parks them. Lanes past out_w are
// masked in both operands, so an input of inf or NaN beside the last output column, or in the
// input row after a flat plane's last, cannot leak in; dy must be readable 3 floats past its last
// row.
static inline __attribute__((always_inline)) void grad_tile(int ocb, int tb, const grad_walk* k, const int* off,
                                                            const float* in, const float* dy, int items, float* acc,
                                                            int open, int close) {
  v128_t s[GRAD_OCB][GRAD_TB];
  int o[GRAD_TB];
  for (int t = 0; t < tb; t++) o[t] = off[t];
  for (int i = 0; i < ocb; i++) {
    for (int t = 0; t < tb; t++) {
      s[i][t] = open ? wasm_f32x4_splat(0.0f) : wasm_v128_load(acc + k->parked + 4 * (i * k->patch + t));
    }
  }
  int out_w = k->out_w;
  int full = out_w & ~3;
  v128_t mask = wasm_i32x4_lt(wasm_i32x4_make(0, 1, 2, 3), wasm_i32x4_splat(out_w - full));
  for (int n = 0; n < items; n++, in += k->in_item, dy += k->dy_item) {
    const float* x = in;
    const float* d = dy;
    for (int oh = 0; oh < k->out_h; oh++, x += k->in_step, d += out_w) {
      for (int w = 0; w < full; w += 4) {
        v128_t dv[GRAD_OCB];
        for (int i = 0; i < ocb; i++) dv[i] = wasm_v128_load(d + i * k->plane + w);
        for (int t = 0; t < tb; t++) {
          v128_t xv = wasm_v128_load(x + o[t] + w);
          for (int i = 0; i < ocb; i++) s[i][t] = STRATA_MADD(dv[i], xv, s[i][t]);
        }
      }
      if (full < out_w) {
        v128_t dv[GRAD_OCB];
        for (int i = 0; i < ocb; i++) dv[i] = wasm_v128_and(wasm_v128_load(d + i * k->plane + full), mask);
        for (int t = 0; t < tb; t++) {
          v128_t xv = wasm_v128_and(wasm_v128_load(x + o[t] + full), mask);
          for (int i = 0; i < ocb; i++) s[i][t] = STRATA_MADD(dv[i], xv, s[i][t]);
        }
      }
    }
  }
  for (int i = 0; i < ocb; i++) {
    for (int t = 0; t < tb; t++) {
      float* a = acc + 4 * (i * k->patch + t);
      if (close) {
        wasm_v128_store(a, wasm_f32x4_add(wasm_v128_load(a), s[i][t]));
      } else {
        wasm_v128_store(a + k->parked, s[i][t]);
      }
    }
  }
}

typedef void (*grad_tile_fn)(const grad_walk* k, const int* off, const float* in, const float* dy, int items,
                             float* acc, int open, int close);

#define GRAD_TILE(ocb, tb)                                                                                      \
  static void grad_tile_##ocb##_##tb(const grad_walk* k, const int* off, const float* in, const float* dy,     \
                                     int items, float* acc, int open, int close) {                              \
    grad_tile(ocb, tb, k, off, in, dy, items, acc, open, close);                                                \
  }
#define GRAD_TILE_ROW(ocb) GRAD_TILE(ocb, 1) GRAD_TILE(ocb, 2) GRAD_TILE(ocb, 3) GRAD_TILE(ocb, 4)
GRAD_TILE_ROW(1)
GRAD_TILE_ROW(2)

static const grad_tile_fn GRAD_TILES[GRAD_OCB][GRAD_TB] = {
    {grad_tile_1_1, grad_tile_1_2, grad_tile_1_3, grad_tile_1_4},
    {grad_tile_2_1, grad_tile_2_2, grad_tile_2_3, grad_tile_2_4},
};

void strata_conv2d_direct_filter_grad(const float* padded, const float* dy, const conv_geometry* g, int groups,
                                      int out_per_group, int first, int items, float* acc, float* dw, float* scratch,
                                      int finish, int begin, int end) {
  padded_layout p = layout_of(g);
  input_layout l = grad_layout_of(g);
  int patch = g->channels * g->kernel_h * g->kernel_w;
  int* off = l.flat ? flat_tap_offsets(g, l, (int*)scratch) : tap_offsets(g, p, (int*)scratch);
  int plane = g->out_h * g->out_w;
  int unit = g->channels * l.channel;
  int block = grad_block(g);
  grad_walk k = {l.flat ? 1 : g->out_h,
                 l.flat ? plane : g->out_w,
                 g->stride_h * p.row,
                 groups * unit,
                 plane,
                 groups * out_per_group * plane,
                 patch,
                 4 * groups * out_per_group * patch};
  for (int n = 0; n < items;) {
    int next = n + block - (first + n) % block;
    if (next > items) next = items;
    int open = (first + n) % block == 0;
    int close = (first + next) % block == 0 || (finish && next == items);
    for (int o = begin; o < end;) {
      int group = o / out_per_group;
      int group_end = (group + 1) * out_per_group < end ? (group + 1) * out_per_group : end;
      const float* in = padded + (n * groups + group) * unit;
      for (; o < group_end;) {
        int ocb = group_end - o < GRAD_OCB ? group_end - o : GRAD_OCB;
        const float* d = dy + (n * groups * out_per_group + o) * plane;
        for (int t = 0; t < patch; t += GRAD_TB) {
          int tb = patch - t < GRAD_TB ? patch - t : GRAD_TB;
          GRAD_TILES[ocb - 1][tb - 1](&k, off + t, in, d, next - n, acc + 4 * (o * patch + t), open, close);
        }
        o += ocb;
      }
    }
    n = next;
  }
  if (!finish) return;
  for (int i = begin * patch; i < end * patch; i++) {
    const float* a = acc + 4 * i;
    dw[i] = (a[0] + a[1]) + (a[2] + a[3]);
  }
}
