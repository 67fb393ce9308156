// Float32 add, sub, mul and div over an output collapsed to [n0, n1, n2], each operand either
// varying along a dimension (its natural stride) or broadcast along it (stride 0).
#include <wasm_simd128.h>

#include "strata.h"

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

#define DEFINE_ROW(name, vec_op, scalar_op)                                                         \
  static void name(const float* x, int sx, const float* y, int sy, float* out, int n) {            \
    int i = 0;                                                                                     \
    if (sx == 1 && sy == 1) {                                                                      \
      for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, vec_op(wasm_v128_load(x + i), wasm_v128_load(y + i))); \
    } else if (sx == 1) {                                                                          \
      v128_t s = wasm_f32x4_splat(y[0]);                                                           \
      for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, vec_op(wasm_v128_load(x + i), s));       \
    } else if (sy == 1) {                                                                          \
      v128_t s = wasm_f32x4_splat(x[0]);                                                           \
      for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, vec_op(s, wasm_v128_load(y + i)));       \
    }                                                                                              \
    for (; i < n; i++) out[i] = x[i * sx] scalar_op y[i * sy];                                     \
  }

DEFINE_ROW(add_row, wasm_f32x4_add, +)
DEFINE_ROW(sub_row, wasm_f32x4_sub, -)
DEFINE_ROW(mul_row, wasm_f32x4_mul, *)
DEFINE_ROW(div_row, wasm_f32x4_div, /)

void strata_binary_f32(int op, const float* x, const int* x_strides, const float* y, const int* y_strides, float* out,
                       const int* dims) {
  void (*row)(const float*, int, const float*, int, float*, int) =
      op == OP_ADD ? add_row : op == OP_SUB ? sub_row : op == OP_MUL ? mul_row : div_row;
  int n0 = dims[0], n1 = dims[1], n2 = dims[2];
  for (int i0 = 0; i0 < n0; i0++) {
    for (int i1 = 0; i1 < n1; i1++) {
      row(x + i0 * x_strides[0] + i1 * x_strides[1], x_strides[2], y + i0 * y_strides[0] + i1 * y_strides[1], y_strides[2],
          out, n2);
      out += n2;
    }
  }
}
