// Max and average pooling over NCHW planes. Every function covers planes [begin, end) (one plane
// per (item, channel)) and writes only those planes' outputs, so threads can split the planes and
// still give the same bits as one thread. The results match the TypeScript kernels bit for bit:
// max pooling keeps their scan order, tie rule and NaN rule; average pooling sums in double and
// divides by the same (double) divisors before rounding to float once.
#include <wasm_simd128.h>

#include "strata.h"

#define ALWAYS_INLINE __attribute__((always_inline)) inline

// The taps of output `o` along one axis: from the first tap inside the input (padding is stepped
// over by whole dilations, as PyTorch does) to the end of the window clipped to the input.
static void max_taps(int o, int stride, int pad, int kernel, int dilation, int size, int* start, int* end) {
  int s = o * stride - pad;
  int e = s + (kernel - 1) * dilation + 1;
  if (e > size) e = size;
  while (s < 0) s += dilation;
  *start = s;
  *end = e;
}

// Outputs [*lo, *hi) along one axis whose whole window lies inside the input.
static void inner_outputs(int stride, int pad, int kernel, int dilation, int size, int out, int* lo, int* hi) {
  int l = (pad + stride - 1) / stride;
  int room = size - (kernel - 1) * dilation - 1 + pad;
  int h = room < 0 ? 0 : room / stride + 1;
  if (h > out) h = out;
  if (l > h) l = h;
  *lo = l;
  *hi = h;
}

static void max_window(const float* x, int in_w, int h0, int h1, int dh, int w0, int w1, int dw, float* value,
                       int* index) {
  float best = -__builtin_inff();
  int at = h0 * in_w + w0;
  for (int ih = h0; ih < h1; ih += dh) {
    for (int iw = w0; iw < w1; iw += dw) {
      float v = x[ih * in_w + iw];
      if (v > best || v != v) {
        best = v;
        at = ih * in_w + iw;
      }
    }
  }
  *value = best;
  *index = at;
}

// Four inputs `stride` apart from p, reading nothing past the last of them.
static ALWAYS_INLINE v128_t load_strided(const float* p, int stride) {
  if (stride == 1) return wasm_v128_load(p);
  if (stride == 2) return wasm_i32x4_shuffle(wasm_v128_load(p), wasm_v128_load(p + 3), 0, 2, 5, 7);
  return wasm_f32x4_make(p[0], p[stride], p[2 * stride], p[3 * stride]);
}

// Four adjacent outputs whose windows lie inside the row, starting at input column w0: each lane
// runs the scalar scan (same taps, same order, same rule), so lanes equal max_window exactly.
// The window's width and dilations are parameters, so that a call with constants gets the loops
// unrolled for them.
static ALWAYS_INLINE void max_window4(const float* x, int in_w, int h0, int h1, int w0, int stride, int kernel_w,
                                      int dilation_h, int dilation_w, float* value, int* index) {
  v128_t lanes = wasm_i32x4_make(0, stride, 2 * stride, 3 * stride);
  v128_t best = wasm_f32x4_splat(-__builtin_inff());
  v128_t at = wasm_i32x4_add(wasm_i32x4_splat(h0 * in_w + w0), lanes);
  for (int ih = h0; ih < h1; ih += dilation_h) {
    for (int kw = 0; kw < kernel_w; kw++) {
      int offset = ih * in_w + w0 + kw * dilation_w;
      v128_t v = load_strided(x + offset, stride);
      v128_t take = wasm_v128_or(wasm_f32x4_gt(v, best), wasm_f32x4_ne(v, v));
      best = wasm_v128_bitselect(v, best, take);
      at = wasm_v128_bitselect(wasm_i32x4_add(wasm_i32x4_splat(offset), lanes), at, take);
    }
  }
  wasm_v128_store(value, best);
  wasm_v128_store(index, at);
}

static void max_output(const float* x, const pool_geometry* g, int h0, int h1, int ow, float* value, int* index) {
  int w0, w1;
  max_taps(ow, g->stride_w, g->pad_w, g->kernel_w, g->dilation_w, g->in_w, &w0, &w1);
  max_window(x, g->in_w, h0, h1, g->dilation_h, w0, w1, g->dilation_w, value + ow, index + ow);
}

// One output row: the outputs whose windows lie inside the row four at a time, the rest scalar.
static ALWAYS_INLINE void max_pool_row(const float* x, const pool_geometry* g, int oh, int lo, int hi, int stride,
                                       float* y, int* indices) {
  int h0, h1;
  max_taps(oh, g->stride_h, g->pad_h, g->kernel_h, g->dilation_h, g->in_h, &h0, &h1);
  float* value = y + oh * g->out_w;
  int* index = indices + oh * g->out_w;
  if (hi - lo < 4) lo = hi;
  for (int ow = 0; ow < lo; ow++) max_output(x, g, h0, h1, ow, value, index);
  int ow = lo;
  int kw = g->kernel_w, dh = g->dilation_h, dw = g->dilation_w;
  if (kw == 2 && dh == 1 && dw == 1 && h1 - h0 == 2) {
    // Two rows of a 2-wide window (most networks' pooling), unrolled: the same taps in the same order.
    for (; ow + 4 <= hi; ow += 4)
      max_window4(x, g->in_w, h0, h0 + 2, ow * stride - g->pad_w, stride, 2, 1, 1, value + ow, index + ow);
  } else {
    for (; ow + 4 <= hi; ow += 4)
      max_window4(x, g->in_w, h0, h1, ow * stride - g->pad_w, stride, kw, dh, dw, value + ow, index + ow);
  }
  // The last group overlaps outputs already written, and writes them again with the same bits.
  if (ow < hi)
    max_window4(x, g->in_w, h0, h1, (hi - 4) * stride - g->pad_w, stride, kw, dh, dw, value + hi - 4, index + hi - 4);
  for (ow = hi; ow < g->out_w; ow++) max_output(x, g, h0, h1, ow, value, index);
}

void strata_max_pool2d(const float* x, const pool_geometry* g, float* y, int* indices, int begin, int end) {
  int in_plane = g->in_h * g->in_w;
  int out_plane = g->out_h * g->out_w;
  int lo, hi;
  inner_outputs(g->stride_w, g->pad_w, g->kernel_w, g->dilation_w, g->in_w, g->out_w, &lo, &hi);
  for (int p = begin; p < end; p++) {
    const float* plane = x + p * in_plane;
    float* value = y + p * out_plane;
    int* index = indices + p * out_plane;
    // The common strides get their own copy of the loop, with the gather of load_strided resolved.
    for (int oh = 0; oh < g->out_h; oh++) {
      if (g->stride_w == 2)
        max_pool_row(plane, g, oh, lo, hi, 2, value, index);
      else if (g->stride_w == 1)
        max_pool_row(plane, g, oh, lo, hi, 1, value, index);
      else
        max_pool_row(plane, g, oh, lo, hi, g->stride_w, value, index);
    }
  }
}

static void zero(float* p, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(p + i, wasm_f32x4_splat(0.0f));
  for (; i < n; i++) p[i] = 0.0f;
}

void strata_max_pool2d_grad(const float* dy, const int* indices, const pool_geometry* g, float* dx, int begin,
                            int end) {
  int in_plane = g->in_h * g->in_w;
  int out_plane = g->out_h * g->out_w;
  for (int p = begin; p < end; p++) {
    float* plane = dx + p * in_plane;
    const float* grad = dy + p * out_plane;
    const int* index = indices + p * out_plane;
    zero(plane, in_plane);
    for (int o = 0; o < out_plane; o++) plane[index[o]] += grad[o];
  }
}

// The window of output `o` along one axis, clipped to the input (average pooling has no dilation).
static void avg_taps(int o, int stride, int pad, int kernel, int size, int* start, int* end) {
  int s = o * stride - pad;
  int e = s + kernel;
  *start = s < 0 ? 0 : s;
  *end = e > size ? size : e;
}

void strata_avg_pool2d(const float* x, const pool_geometry* g, const double* divisors, float* y, int begin, int end) {
  int in_plane = g->in_h * g->in_w;
  int out_plane = g->out_h * g->out_w;
  for (int p = begin; p < end; p++) {
    const float* plane = x + p * in_plane;
    float* out = y + p * out_plane;
    for (int oh = 0, o = 0; oh < g->out_h; oh++) {
      int h0, h1;
      avg_taps(oh, g->stride_h, g->pad_h, g->kernel_h, g->in_h, &h0, &h1);
      for (int ow = 0; ow < g->out_w; ow++, o++) {
        int w0, w1;
        avg_taps(ow, g->stride_w, g->pad_w, g->kernel_w, g->in_w, &w0, &w1);
        double sum = 0.0;
        for (int ih = h0; ih < h1; ih++) {
          for (int iw = w0; iw < w1; iw++) sum += (double)plane[ih * g->in_w + iw];
        }
        out[o] = (float)(sum / divisors[o]);
      }
    }
  }
}

void strata_avg_pool2d_grad(const float* dy, const pool_geometry* g, const double* divisors, float* dx, int begin,
                            int end) {
  int in_plane = g->in_h * g->in_w;
  int out_plane = g->out_h * g->out_w;
  for (int p = begin; p < end; p++) {
    float* plane = dx + p * in_plane;
    const float* grad = dy + p * out_plane;
    zero(plane, in_plane);
    for (int oh = 0, o = 0; oh < g->out_h; oh++) {
      int h0, h1;
      avg_taps(oh, g->stride_h, g->pad_h, g->kernel_h, g->in_h, &h0, &h1);
      for (int ow = 0; ow < g->out_w; ow++, o++) {
        int w0, w1;
        avg_taps(ow, g->stride_w, g->pad_w, g->kernel_w, g->in_w, &w0, &w1);
        double share = (double)grad[o] / divisors[o];
        for (int ih = h0; ih < h1; ih++) {
          for (int iw = w0; iw < w1; iw++) {
            float* cell = plane + ih * g->in_w + iw;
            *cell = (float)((double)*cell + share);
          }
        }
      }
    }
  }
}
