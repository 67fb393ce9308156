/**
 * The functions the WebAssembly module exports (csrc/strata.h). Pointers are byte offsets into
 * the module's memory; matrices are addressed by a row stride and a column stride.
 *
 * @example
 * ```ts
 * exports.sgemm(scratch, m, n, k, a, k, 1, b, n, 1, c, n, 0); // C = A B, row-major
 * ```
 */
export interface KernelExports {
  /** Floats of per-thread scratch one `sgemm` call packs its panels into. */
  sgemm_scratch_floats(): number;
  /** `C (m x n, row stride ldc) = A B`, or `C += A B` when `accumulate` is 1. */
  sgemm(
    scratch: number,
    m: number,
    n: number,
    k: number,
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    bRowStride: number,
    bColStride: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void;
  /** Unfolds one item's planes into im2col rows `ld` floats apart. */
  im2col(x: number, geometry: number, cols: number, ld: number): void;
  /** Adds im2col rows back onto the input positions they came from. */
  col2im(cols: number, ld: number, geometry: number, dx: number): void;
  /** `dst[c][b * plane + p] = src[b * itemStride + c * plane + p]`. */
  planes_to_rows(src: number, items: number, channels: number, plane: number, itemStride: number, dst: number): void;
  /** The inverse of `planes_to_rows`. */
  rows_to_planes(src: number, items: number, channels: number, plane: number, itemStride: number, dst: number): void;
  /** Max pooling of planes `[begin, end)`: values and flat `h * W + w` indices (`pool_geometry` at `geometry`). */
  max_pool2d(x: number, geometry: number, y: number, indices: number, begin: number, end: number): void;
  /** Gradient of max pooling for planes `[begin, end)`: zeroes `dx`, adds each `dy` at its index. */
  max_pool2d_grad(dy: number, indices: number, geometry: number, dx: number, begin: number, end: number): void;
  /** Average pooling of planes `[begin, end)`, each window's sum over its float64 divisor. */
  avg_pool2d(x: number, geometry: number, divisors: number, y: number, begin: number, end: number): void;
  /** Gradient of average pooling for planes `[begin, end)`: zeroes `dx`, spreads each `dy` over its divisor. */
  avg_pool2d_grad(dy: number, geometry: number, divisors: number, dx: number, begin: number, end: number): void;
  /** Floats of a filter packed by `conv2d_gemm_pack_filter` for `groups` groups of `outPerGroup` filters. */
  conv2d_gemm_filter_floats(geometry: number, groups: number, outPerGroup: number): number;
  /** Packs the filter `w` into `packed` as the GEMM's A panels, for `conv2d_gemm`. */
  conv2d_gemm_pack_filter(w: number, geometry: number, groups: number, outPerGroup: number, packed: number): void;
  /**
   * Implicit-GEMM convolution of output columns `[begin, end)` of `items * OH * OW`, every group:
   * NCHW `x` and the packed filter into NCHW `y`, bit for bit im2col + `sgemm`, with no im2col matrix.
   */
  conv2d_gemm(
    x: number,
    packedFilter: number,
    geometry: number,
    groups: number,
    outPerGroup: number,
    y: number,
    scratch: number,
    begin: number,
    end: number,
  ): void;
  /**
   * Filter gradient of `conv2d_gemm` for the taps `[begin, end)` of every group's patch, over
   * `items` items summed in chunks of `chunkItems`: bit for bit im2col + `sgemm` per chunk.
   */
  conv2d_gemm_filter_grad(
    x: number,
    dy: number,
    geometry: number,
    groups: number,
    outPerGroup: number,
    items: number,
    chunkItems: number,
    dw: number,
    scratch: number,
    begin: number,
    end: number,
  ): void;
  /** Floats of per-thread scratch one `conv2d_direct` call needs for a group's geometry. */
  conv2d_direct_scratch_floats(geometry: number): number;
  /** Floats of one (item, group) unit's padded planes, as `conv2d_direct_pad` writes them. */
  conv2d_direct_padded_floats(geometry: number): number;
  /**
   * Pads the input planes of units `[begin, end)`, unit `item * groups + group`, of NCHW `x` into
   * `padded` (unit `u` at `u * conv2d_direct_padded_floats(geometry)` floats) in the layout
   * `conv2d_direct_filter_grad` reads: phase-split rows, or one copy per (channel, kw) where it
   * walks `dy` planes flat.
   */
  conv2d_direct_pad(x: number, geometry: number, padded: number, begin: number, end: number): void;
  /**
   * Direct convolution (no im2col) of units `[begin, end)`, unit `item * groups + group`, from NCHW
   * `x` and `filter` into NCHW `y`.
   */
  conv2d_direct(
    x: number,
    filter: number,
    geometry: number,
    groups: number,
    outPerGroup: number,
    y: number,
    scratch: number,
    begin: number,
    end: number,
  ): void;
  /**
   * Filter gradient of the direct convolution for output channels `[begin, end)`: adds the
   * batch's items `[first, first + items)` of `x`, padded by `conv2d_direct_pad`, and NCHW `dy`,
   * in blocks of items counted from item 0, to the float lanes `acc[o][t][0..3]` (a block that
   * continues past the call parks its sums in the equally many floats after them) and, when
   * `finish` is 1, writes `dw[o][t]` as their sum. `dy` must be readable 3 floats past its end.
   */
  conv2d_direct_filter_grad(
    padded: number,
    dy: number,
    geometry: number,
    groups: number,
    outPerGroup: number,
    first: number,
    items: number,
    acc: number,
    dw: number,
    scratch: number,
    finish: number,
    begin: number,
    end: number,
  ): void;
  /**
   * `y[c]` = the sum, in double, of `x` viewed as `[outer, channels, inner]` over `outer` and
   * `inner`, for channels `[begin, end)`.
   */
  sum_channels(x: number, outer: number, channels: number, inner: number, y: number, begin: number, end: number): void;
  /**
   * Training-mode batch normalisation of `x` viewed as `[batch, channels, spatial]` for channels
   * `[begin, end)`: each channel's mean and biased variance into `mean` and `variance`, and
   * `y = (x - mean) / sqrt(variance + eps) * weight + bias`, in double (`eps` points at a float64).
   */
  batch_norm_train(
    x: number,
    weight: number,
    bias: number,
    eps: number,
    batch: number,
    channels: number,
    spatial: number,
    y: number,
    mean: number,
    variance: number,
    begin: number,
    end: number,
  ): void;
  /**
   * Gradient of `batch_norm_train` for channels `[begin, end)` from `dy` and the saved `mean` and
   * `variance`: `dx`, `dweight` and `dbias` (`eps` points at a float64).
   */
  batch_norm_train_grad(
    dy: number,
    x: number,
    weight: number,
    mean: number,
    variance: number,
    eps: number,
    batch: number,
    channels: number,
    spatial: number,
    dx: number,
    dweight: number,
    dbias: number,
    begin: number,
    end: number,
  ): void;
  /**
   * Softmax cross-entropy of rows `[begin, end)` of `logits` `[rows, classes]` against int32
   * class indices: each row's loss and logsumexp, 0 for rows whose target is `ignoreIndex`
   * (the label smoothing is passed as the high and low 32 bits of its float64).
   */
  softmax_cross_entropy(
    logits: number,
    target: number,
    smoothingHigh: number,
    smoothingLow: number,
    ignoreIndex: number,
    classes: number,
    losses: number,
    lse: number,
    begin: number,
    end: number,
  ): void;
  /** Gradient of `softmax_cross_entropy` w.r.t. the logits for rows `[begin, end)`, from `dy` and the saved `lse`. */
  softmax_cross_entropy_grad(
    dy: number,
    logits: number,
    target: number,
    lse: number,
    smoothingHigh: number,
    smoothingLow: number,
    ignoreIndex: number,
    classes: number,
    dx: number,
    begin: number,
    end: number,
  ): void;
  /** First free byte after the module's static data and stack. */
  __heap_base: WebAssembly.Global;
  /** The C stack pointer of this instance (each thread sets its own). */
  __stack_pointer: WebAssembly.Global;
}
