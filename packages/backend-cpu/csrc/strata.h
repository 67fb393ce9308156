// Kernels exported to JavaScript. Pointers are byte offsets into the module's linear memory;
// matrices are addressed by a row stride and a column stride so transposes need no copy.
#ifndef STRATA_H
#define STRATA_H

#define STRATA_EXPORT(name) __attribute__((export_name(#name)))

// Floats of scratch one sgemm call needs (its packed panels); each thread has its own.
STRATA_EXPORT(sgemm_scratch_floats)
int strata_sgemm_scratch_floats(void);

// C (m x n, row stride ldc) = A (m x k) B (k x n), or C += A B when `accumulate`.
STRATA_EXPORT(sgemm)
void strata_sgemm(float* scratch, int m, int n, int k, const float* a, int ars, int acs, const float* b, int brs, int bcs,
                  float* c, int ldc, int accumulate);

// One group of a convolution: `channels` input planes of in_h x in_w, a kernel_h x kernel_w filter
// with the given strides, dilations and top/left zero padding, and out_h x out_w outputs.
typedef struct {
  int channels, in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w;
  int pad_top, pad_left, out_h, out_w;
} conv_geometry;

// Unfolds one item's planes into rows (channel, kh, kw) of out_h * out_w values, `ld` apart.
STRATA_EXPORT(im2col)
void strata_im2col(const float* x, const conv_geometry* g, float* cols, int ld);

// The adjoint of im2col: adds each row entry back onto the input position it came from.
STRATA_EXPORT(col2im)
void strata_col2im(const float* cols, int ld, const conv_geometry* g, float* dx);

// dst[c][b * plane + p] = src[b * item_stride + c * plane + p] for `items` items.
STRATA_EXPORT(planes_to_rows)
void strata_planes_to_rows(const float* src, int items, int channels, int plane, int item_stride, float* dst);

// The inverse of planes_to_rows.
STRATA_EXPORT(rows_to_planes)
void strata_rows_to_planes(const float* src, int items, int channels, int plane, int item_stride, float* dst);

// A 2-D pooling of in_h x in_w planes into out_h x out_w: the window, strides, top/left padding
// and dilations (1 for average pooling).
typedef struct {
  int in_h, in_w, out_h, out_w, kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
} pool_geometry;

// Max pooling of planes [begin, end): each window's max and its flat index ih * in_w + iw within
// the plane, scanning rows then columns: the first of equal values wins, a NaN beats everything
// (the last NaN scanned), padded cells never win.
STRATA_EXPORT(max_pool2d)
void strata_max_pool2d(const float* x, const pool_geometry* g, float* y, int* indices, int begin, int end);

// The gradient of max pooling for planes [begin, end): dx is zeroed, then each dy is added to the
// cell its window's index names, in output order.
STRATA_EXPORT(max_pool2d_grad)
void strata_max_pool2d_grad(const float* dy, const int* indices, const pool_geometry* g, float* dx, int begin, int end);

// Average pooling of planes [begin, end): each window's sum over the cells inside the input,
// divided by divisors[oh * out_w + ow].
STRATA_EXPORT(avg_pool2d)
void strata_avg_pool2d(const float* x, const pool_geometry* g, const double* divisors, float* y, int begin, int end);

// The gradient of average pooling for planes [begin, end): dx is zeroed, then each dy over its
// divisor is added to every cell of its window inside the input.
STRATA_EXPORT(avg_pool2d_grad)
void strata_avg_pool2d_grad(const float* dy, const pool_geometry* g, const double* divisors, float* dx, int begin,
                            int end);

// Floats of the filter packed for strata_conv2d_gemm (each group's rows rounded up to the GEMM's
// register tile).
STRATA_EXPORT(conv2d_gemm_filter_floats)
int strata_conv2d_gemm_filter_floats(const conv_geometry* g, int groups, int out_per_group);

// Packs the filter w (groups * out_per_group filters of g->channels x kernel_h x kernel_w) into
// `packed` (strata_conv2d_gemm_filter_floats floats) as the GEMM's A panels.
STRATA_EXPORT(conv2d_gemm_pack_filter)
void strata_conv2d_gemm_pack_filter(const float* w, const conv_geometry* g, int groups, int out_per_group,
                                    float* packed);

// Implicit-GEMM convolution of output columns [begin, end) of items * out_h * out_w (column j is
// position j % (out_h * out_w) of item j / (out_h * out_w)), every group: NCHW x and the packed
// filter into NCHW y, bit for bit what im2col + sgemm compute, with no im2col matrix. `scratch`
// is the calling thread's sgemm scratch.
STRATA_EXPORT(conv2d_gemm)
void strata_conv2d_gemm(const float* x, const float* packed_w, const conv_geometry* g, int groups, int out_per_group,
                        float* y, float* scratch, int begin, int end);

// The filter gradient of strata_conv2d_gemm for filter taps [begin, end) of every group's patch
// (channel, kh, kw): dw = dy x the im2col matrix of x transposed, over `items` items of NCHW x and
// dy, summed in batch chunks of `chunk_items` items, bit for bit what im2col + sgemm compute per
// chunk, with no im2col matrix. `scratch` is the calling thread's sgemm scratch.
STRATA_EXPORT(conv2d_gemm_filter_grad)
void strata_conv2d_gemm_filter_grad(const float* x, const float* dy, const conv_geometry* g, int groups,
                                    int out_per_group, int items, int chunk_items, float* dw, float* scratch,
                                    int begin, int end);

// Floats of scratch one strata_conv2d_direct call needs for geometry `g`; each thread has its own.
STRATA_EXPORT(conv2d_direct_scratch_floats)
int strata_conv2d_direct_scratch_floats(const conv_geometry* g);

// Floats of one (item, group) unit's padded planes, as strata_conv2d_direct_pad writes them.
STRATA_EXPORT(conv2d_direct_padded_floats)
int strata_conv2d_direct_padded_floats(const conv_geometry* g);

// Pads the input planes of units [begin, end) of (item, group), unit u = item * groups + group, of
// NCHW x into `padded`, unit u at u * strata_conv2d_direct_padded_floats(g) floats, in the layout
// strata_conv2d_direct_filter_grad reads: phase-split rows, or one copy per (channel, kw) where it
// walks dy planes flat.
STRATA_EXPORT(conv2d_direct_pad)
void strata_conv2d_direct_pad(const float* x, const conv_geometry* g, float* padded, int begin, int end);

// Direct convolution of units [begin, end) of (item, group), unit u = item * groups + group: NCHW
// x (groups * g->channels channels) and filter w (groups * out_per_group filters of
// g->channels x kernel_h x kernel_w) into NCHW y, with no im2col matrix.
STRATA_EXPORT(conv2d_direct)
void strata_conv2d_direct(const float* x, const float* w, const conv_geometry* g, int groups, int out_per_group,
                          float* y, float* scratch, int begin, int end);

// The filter gradient of the direct convolution for output channels [begin, end) (of all
// groups * out_per_group), from `items` items of x, the batch's items [first, first + items),
// padded by strata_conv2d_direct_pad, and NCHW dy: adds the sums of blocks of items, counted from
// the batch's item 0, to the four float lanes acc[o][t][0..3] of every tap t = (channel, kh, kw),
// in item order, parking a block that continues past this call in the lanes that follow acc's
// (acc holds 8 * groups * out_per_group * channels * kernel_h * kernel_w floats, the first half
// zeroed before the batch),
// and with `finish` (the batch's last call) writes dw[o][t], the four lanes' sum. dy must be
// readable 3 floats past its end; `scratch` holds channels * kernel_h * kernel_w ints of the
// calling thread.
STRATA_EXPORT(conv2d_direct_filter_grad)
void strata_conv2d_direct_filter_grad(const float* padded, const float* dy, const conv_geometry* g, int groups,
                                      int out_per_group, int first, int items, float* acc, float* dw, float* scratch,
                                      int finish, int begin, int end);

// y[c] = the sum over o and i of x[(o * channels + c) * inner + i] for channels [begin, end), in
// double, rounded once to float.
STRATA_EXPORT(sum_channels)
void strata_sum_channels(const float* x, int outer, int channels, int inner, float* y, int begin, int end);

// Training-mode batch normalisation of x viewed as [batch, channels, spatial] for channels
// [begin, end): per channel the mean and biased variance (written to mean[c] and var[c]) and
// y = (x - mean) / sqrt(var + *eps) * weight[c] + bias[c], all in double, rounded once to float.
STRATA_EXPORT(batch_norm_train)
void strata_batch_norm_train(const float* x, const float* weight, const float* bias, const double* eps, int batch,
                             int channels, int spatial, float* y, float* mean, float* var, int begin, int end);

// The gradient of batch_norm_train for channels [begin, end) from dy and the saved mean and var:
// with xhat = (x - mean) / sqrt(var + *eps) and M = batch * spatial values per channel,
// dbias = sum dy, dweight = sum dy * xhat and
// dx = weight / sqrt(var + *eps) * (dy - dbias / M - xhat * dweight / M), in double.
STRATA_EXPORT(batch_norm_train_grad)
void strata_batch_norm_train_grad(const float* dy, const float* x, const float* weight, const float* mean,
                                  const float* var, const double* eps, int batch, int channels, int spatial, float* dx,
                                  float* dweight, float* dbias, int begin, int end);

// Softmax cross-entropy of rows [begin, end) of logits [rows, classes] against class indices
// `target`: the row's logsumexp into lse[n] and its loss (1 - e) (lse - x[t]) + e (lse - mean x)
// into losses[n], both 0 where target[n] == ignore_index; e is the label smoothing, the float64
// whose bits are smoothing_hi:smoothing_lo. Targets are in [0, classes) or ignore_index.
STRATA_EXPORT(softmax_cross_entropy)
void strata_softmax_cross_entropy(const float* logits, const int* target, unsigned smoothing_hi, unsigned smoothing_lo,
                                  int ignore_index, int classes, float* losses, float* lse, int begin, int end);

// The gradient of softmax_cross_entropy w.r.t. the logits for rows [begin, end):
// dx = dy[n] (e^(x - lse[n]) - (1 - e) onehot(t) - e / classes), 0 in rows whose target is
// ignore_index.
STRATA_EXPORT(softmax_cross_entropy_grad)
void strata_softmax_cross_entropy_grad(const float* dy, const float* logits, const int* target, const float* lse,
                                       unsigned smoothing_hi, unsigned smoothing_lo, int ignore_index, int classes,
                                       float* dx, int begin, int end);

#endif
