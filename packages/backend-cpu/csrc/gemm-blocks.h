// The blocking and the building blocks of gemm.c, shared with the implicit-GEMM convolution
// (conv-gemm.c) so that both sum every output element in the same order, to the bit.
#ifndef STRATA_GEMM_BLOCKS_H
#define STRATA_GEMM_BLOCKS_H

#define MR 4
#define NR 8
#define KC 256
#define MC 128
#define NC 2048

// Packs rows [0, mc) x columns [0, kc) of A (element (i, p) at a[i * ars + p * acs]) into MR-row
// micro-panels of kc floats each, zero-filling rows past mc.
void strata_gemm_pack_a(int mc, int kc, const float* a, int ars, int acs, float* dst);

// C[0:rows, 0:cols] (+ C when `load`) = the MR x NR product of one packed A micro-panel and one
// packed B micro-panel (kc x NR) over kc.
void strata_gemm_micro_kernel(int kc, const float* pa, const float* pb, float* c, int ldc, int load, int rows,
                              int cols);

#endif
