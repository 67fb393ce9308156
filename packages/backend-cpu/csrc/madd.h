// f32x4 multiply-add for kernels: a * b + c.
#ifndef STRATA_MADD_H
#define STRATA_MADD_H

#include <wasm_simd128.h>

#ifdef __wasm_relaxed_simd__
// One f32x4.relaxed_madd: fused where the CPU has an FMA, else a multiply and an add, so results
// may differ from the plain build in the last bit but are the same for every thread count on one
// machine. Clang 14 emits the pre-standard opcode for this builtin (operands pushed in this
// order); scripts/relaxed-opcodes.mjs rewrites it to the standard f32x4.relaxed_madd, which
// computes operand 1 * operand 2 + operand 3.
#define STRATA_MADD(a, b, c) __builtin_wasm_fma_f32x4(a, b, c)
#else
#define STRATA_MADD(a, b, c) wasm_f32x4_add(c, wasm_f32x4_mul(a, b))
#endif

#endif
