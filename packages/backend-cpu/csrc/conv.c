// Rows here are short (7 floats for a 7x7 plane), so copies are plain loops: memory.copy has a
// fixed cost that dominates below a few dozen floats (and -fno-builtin keeps clang from turning
// the loops back into it).
//
// The data movement around GEMM convolution: im2col / col2im over a batch chunk laid side by
// side (item b's output positions are columns [b * OH * OW, (b + 1) * OH * OW) of a row), and
// the copies between NCHW planes and that [channels, batch * plane] layout.
#include "strata.h"

// Output positions [start, end) of a filter tap at input offset `offset` land inside the input.
static void valid_range(int offset, int stride, int in_size, int out_size, int* start, int* end) {
  int s = offset < 0 ? (-offset + stride - 1) / stride : 0;
  int e = in_size - offset <= 0 ? 0 : (in_size - offset + stride - 1) / stride;
  if (e > out_size) e = out_size;
  if (s > e) s = e;
  *start = s;
  *end = e;
}

void strata_im2col(const float* x, const conv_geometry* g, float* cols, int ld) {
  float* row = cols;
  for (int c = 0; c < g->channels; c++) {
    const float* plane = x + c * g->in_h * g->in_w;
    for (int kh = 0; kh < g->kernel_h; kh++) {
      int h_offset = kh * g->dilation_h - g->pad_top;
      for (int kw = 0; kw < g->kernel_w; kw++, row += ld) {
        int w_offset = kw * g->dilation_w - g->pad_left;
        int ow_start, ow_end;
        valid_range(w_offset, g->stride_w, g->in_w, g->out_w, &ow_start, &ow_end);
        float* dst = row;
        for (int oh = 0; oh < g->out_h; oh++, dst += g->out_w) {
          int ih = oh * g->stride_h + h_offset;
          if (ih < 0 || ih >= g->in_h) {
            for (int ow = 0; ow < g->out_w; ow++) dst[ow] = 0.0f;
            continue;
          }
          const float* src = plane + ih * g->in_w + w_offset;
          for (int ow = 0; ow < ow_start; ow++) dst[ow] = 0.0f;
          if (g->stride_w == 1) {
            for (int ow = ow_start; ow < ow_end; ow++) dst[ow] = src[ow];
          } else {
            for (int ow = ow_start; ow < ow_end; ow++) dst[ow] = src[ow * g->stride_w];
          }
          for (int ow = ow_end; ow < g->out_w; ow++) dst[ow] = 0.0f;
        }
      }
    }
  }
}

void strata_col2im(const float* cols, int ld, const conv_geometry* g, float* dx) {
  const float* row = cols;
  for (int c = 0; c < g->channels; c++) {
    float* plane = dx + c * g->in_h * g->in_w;
    for (int kh = 0; kh < g->kernel_h; kh++) {
      int h_offset = kh * g->dilation_h - g->pad_top;
      for (int kw = 0; kw < g->kernel_w; kw++, row += ld) {
        int w_offset = kw * g->dilation_w - g->pad_left;
        int ow_start, ow_end;
        valid_range(w_offset, g->stride_w, g->in_w, g->out_w, &ow_start, &ow_end);
        const float* src = row;
        for (int oh = 0; oh < g->out_h; oh++, src += g->out_w) {
          int ih = oh * g->stride_h + h_offset;
          if (ih < 0 || ih >= g->in_h) continue;
          float* dst = plane + ih * g->in_w + w_offset;
          for (int ow = ow_start; ow < ow_end; ow++) dst[ow * g->stride_w] += src[ow];
        }
      }
    }
  }
}

void strata_planes_to_rows(const float* src, int items, int channels, int plane, int item_stride, float* dst) {
  for (int c = 0; c < channels; c++) {
    for (int b = 0; b < items; b++) {
      float* to = dst + (c * items + b) * plane;
      const float* from = src + b * item_stride + c * plane;
      for (int p = 0; p < plane; p++) to[p] = from[p];
    }
  }
}

void strata_rows_to_planes(const float* src, int items, int channels, int plane, int item_stride, float* dst) {
  for (int c = 0; c < channels; c++) {
    for (int b = 0; b < items; b++) {
      float* to = dst + b * item_stride + c * plane;
      const float* from = src + (c * items + b) * plane;
      for (int p = 0; p < plane; p++) to[p] = from[p];
    }
  }
}
