// Training-mode batch normalisation of float32 NCHW (or NC) values, forward and backward, for
// channels [begin, end). Statistics accumulate in double and the outputs are computed in double,
// as the TypeScript kernels do, and rounded once to float. Each channel is summed in an order
// fixed by the shape alone (rows in item order; within a row, blocks of 8 into eight double
// lanes, a block of 4 into the first four, the rest one by one), so the split of channels between
// threads cannot change a result. With one value per item and channel (NC), two channels share a
// pair of double lanes, each summed down the rows in row order: the order of the one-by-one path.
#include <wasm_simd128.h>

#include "promote.h"
#include "strata.h"

static inline v128_t zero(void) { return wasm_f64x2_splat(0.0); }

// Four float32 lanes from the double pairs lo (lanes 0, 1) and hi (lanes 2, 3).
static inline v128_t demote(v128_t lo, v128_t hi) {
  return wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 2);
}

// Two adjacent channels of one row, as doubles; and back.
static inline v128_t load_pair(const float* p) { return promote_low(wasm_v128_load64_zero(p)); }
static inline void store_pair(float* p, v128_t v) { wasm_v128_store64_lane(p, wasm_f32x4_demote_f64x2_zero(v), 0); }

static inline double total(v128_t a0, v128_t a1, v128_t a2, v128_t a3, double tail) {
  return ((lanes(a0) + lanes(a1)) + (lanes(a2) + lanes(a3))) + tail;
}

static inline v128_t add_square(v128_t acc, v128_t v, v128_t mu) {
  v128_t d = wasm_f64x2_sub(v, mu);
  return wasm_f64x2_add(acc, wasm_f64x2_mul(d, d));
}

static inline void add_squares(const float* src, v128_t mu, v128_t* lo, v128_t* hi) {
  v128_t v = wasm_v128_load(src);
  *lo = add_square(*lo, promote_low(v), mu);
  *hi = add_square(*hi, promote_high(v), mu);
}

// The sum of a channel's values: `batch` rows of `spatial` floats, `stride` apart.
static double channel_sum(const float* x, int batch, int stride, int spatial) {
  int full = spatial & ~7, quad = spatial & ~3;
  v128_t a0 = zero(), a1 = a0, a2 = a0, a3 = a0;
  double tail = 0.0;
  for (int n = 0; n < batch; n++) {
    const float* row = x + n * stride;
    for (int i = 0; i < full; i += 8) {
      add_promoted(row + i, &a0, &a1);
      add_promoted(row + i + 4, &a2, &a3);
    }
    if (quad > full) add_promoted(row + full, &a0, &a1);
    for (int i = quad; i < spatial; i++) tail += row[i];
  }
  return total(a0, a1, a2, a3, tail);
}

// The sum of a channel's squared deviations from `mean`.
static double channel_squares(const float* x, int batch, int stride, int spatial, double mean) {
  int full = spatial & ~7, quad = spatial & ~3;
  v128_t mu = wasm_f64x2_splat(mean);
  v128_t a0 = zero(), a1 = a0, a2 = a0, a3 = a0;
  double tail = 0.0;
  for (int n = 0; n < batch; n++) {
    const float* row = x + n * stride;
    for (int i = 0; i < full; i += 8) {
      add_squares(row + i, mu, &a0, &a1);
      add_squares(row + i + 4, mu, &a2, &a3);
    }
    if (quad > full) add_squares(row + full, mu, &a0, &a1);
    for (int i = quad; i < spatial; i++) {
      double d = row[i] - mean;
      tail += d * d;
    }
  }
  return total(a0, a1, a2, a3, tail);
}

static inline v128_t affine(v128_t v, v128_t scale, v128_t shift) {
  return wasm_f64x2_add(wasm_f64x2_mul(v, scale), shift);
}

// y = x * scale + shift over a channel, in double.
static void normalise(const float* x, float* y, int batch, int stride, int spatial, double scale, double shift) {
  int quad = spatial & ~3;
  v128_t vscale = wasm_f64x2_splat(scale), vshift = wasm_f64x2_splat(shift);
  for (int n = 0; n < batch; n++) {
    const float* row = x + n * stride;
    float* out = y + n * stride;
    for (int i = 0; i < quad; i += 4) {
      v128_t v = wasm_v128_load(row + i);
      wasm_v128_store(out + i, demote(affine(promote_low(v), vscale, vshift), affine(promote_high(v), vscale, vshift)));
    }
    for (int i = quad; i < spatial; i++) out[i] = (float)(row[i] * scale + shift);
  }
}

static void train_channel(const float* x, int batch, int stride, int spatial, double weight, double bias, double eps,
                          float* y, float* mean, float* var) {
  double count = (double)batch * spatial;
  double mu = channel_sum(x, batch, stride, spatial) / count;
  double v = channel_squares(x, batch, stride, spatial, mu) / count;
  double scale = weight / __builtin_sqrt(v + eps);
  normalise(x, y, batch, stride, spatial, scale, bias - mu * scale);
  *mean = (float)mu;
  *var = (float)v;
}

// train_channel for two adjacent channels of NC values (`channels` floats between rows).
static void train_pair(const float* x, int batch, int channels, const float* weight, const float* bias, double eps,
                       float* y, float* mean, float* var) {
  v128_t count = wasm_f64x2_splat((double)batch);
  v128_t sum = zero();
  for (int n = 0; n < batch; n++) sum = wasm_f64x2_add(sum, load_pair(x + n * channels));
  v128_t mu = wasm_f64x2_div(sum, count);
  v128_t squares = zero();
  for (int n = 0; n < batch; n++) squares = add_square(squares, load_pair(x + n * channels), mu);
  v128_t v = wasm_f64x2_div(squares, count);
  v128_t scale = wasm_f64x2_div(load_pair(weight), wasm_f64x2_sqrt(wasm_f64x2_add(v, wasm_f64x2_splat(eps))));
  v128_t shift = wasm_f64x2_sub(load_pair(bias), wasm_f64x2_mul(mu, scale));
  for (int n = 0; n < batch; n++) store_pair(y + n * channels, affine(load_pair(x + n * channels), scale, shift));
  store_pair(mean, mu);
  store_pair(var, v);
}

void strata_batch_norm_train(const float* x, const float* weight, const float* bias, const double* eps, int batch,
                             int channels, int spatial, float* y, float* mean, float* var, int begin, int end) {
  int c = begin;
  if (spatial == 1) {
    for (; c + 2 <= end; c += 2) {
      train_pair(x + c, batch, channels, weight + c, bias + c, *eps, y + c, mean + c, var + c);
    }
  }
  for (; c < end; c++) {
    train_channel(x + c * spatial, batch, channels * spatial, spatial, weight[c], bias[c], *eps, y + c * spatial,
                  mean + c, var + c);
  }
}

// Adds two double lanes of dy to *dys and of dy * (x - mu) to *dyxs.
static inline void add_grad(v128_t g, v128_t v, v128_t mu, v128_t* dys, v128_t* dyxs) {
  *dys = wasm_f64x2_add(*dys, g);
  *dyxs = wasm_f64x2_add(*dyxs, wasm_f64x2_mul(g, wasm_f64x2_sub(v, mu)));
}

static inline void add_grads(const float* dy, const float* x, v128_t mu, v128_t* dys, v128_t* dyxs) {
  v128_t g = wasm_v128_load(dy), v = wasm_v128_load(x);
  add_grad(promote_low(g), promote_low(v), mu, &dys[0], &dyxs[0]);
  add_grad(promote_high(g), promote_high(v), mu, &dys[1], &dyxs[1]);
}

// The gradient's factors over a channel: with xhat = (x - mu) * inv_std,
// dx = scale * ((dy - mean_dy) - xhat * mean_dyxhat).
typedef struct {
  v128_t mu, inv_std, scale, mean_dy, mean_dyxhat;
} grad_factors;

static inline v128_t grad_value(v128_t g, v128_t v, const grad_factors* f) {
  v128_t xhat = wasm_f64x2_mul(wasm_f64x2_sub(v, f->mu), f->inv_std);
  return wasm_f64x2_mul(f->scale, wasm_f64x2_sub(wasm_f64x2_sub(g, f->mean_dy), wasm_f64x2_mul(xhat, f->mean_dyxhat)));
}

static void train_grad_channel(const float* dy, const float* x, int batch, int stride, int spatial, double weight,
                               double mean, double var, double eps, float* dx, float* dweight, float* dbias) {
  int full = spatial & ~7, quad = spatial & ~3;
  v128_t mu = wasm_f64x2_splat(mean);
  v128_t dys[4] = {zero(), zero(), zero(), zero()}, dyxs[4] = {zero(), zero(), zero(), zero()};
  double dy_tail = 0.0, dyx_tail = 0.0;
  for (int n = 0; n < batch; n++) {
    const float* g = dy + n * stride;
    const float* row = x + n * stride;
    for (int i = 0; i < full; i += 8) {
      add_grads(g + i, row + i, mu, &dys[0], &dyxs[0]);
      add_grads(g + i + 4, row + i + 4, mu, &dys[2], &dyxs[2]);
    }
    if (quad > full) add_grads(g + full, row + full, mu, &dys[0], &dyxs[0]);
    for (int i = quad; i < spatial; i++) {
      dy_tail += g[i];
      dyx_tail += g[i] * (row[i] - mean);
    }
  }
  double count = (double)batch * spatial;
  double inv_std = 1.0 / __builtin_sqrt(var + eps);
  double sum_dy = total(dys[0], dys[1], dys[2], dys[3], dy_tail);
  double sum_dyxhat = total(dyxs[0], dyxs[1], dyxs[2], dyxs[3], dyx_tail) * inv_std;
  double scale = weight * inv_std, mean_dy = sum_dy / count, mean_dyxhat = sum_dyxhat / count;
  grad_factors f = {mu, wasm_f64x2_splat(inv_std), wasm_f64x2_splat(scale), wasm_f64x2_splat(mean_dy),
                    wasm_f64x2_splat(mean_dyxhat)};
  for (int n = 0; n < batch; n++) {
    const float* g = dy + n * stride;
    const float* row = x + n * stride;
    float* out = dx + n * stride;
    for (int i = 0; i < quad; i += 4) {
      v128_t gv = wasm_v128_load(g + i), v = wasm_v128_load(row + i);
      wasm_v128_store(out + i, demote(grad_value(promote_low(gv), promote_low(v), &f),
                                      grad_value(promote_high(gv), promote_high(v), &f)));
    }
    for (int i = quad; i < spatial; i++) {
      double xhat = (row[i] - mean) * inv_std;
      out[i] = (float)(scale * (g[i] - mean_dy - xhat * mean_dyxhat));
    }
  }
  *dweight = (float)sum_dyxhat;
  *dbias = (float)sum_dy;
}

// train_grad_channel for two adjacent channels of NC values (`channels` floats between rows).
static void train_grad_pair(const float* dy, const float* x, int batch, int channels, const float* weight,
                            const float* mean, const float* var, double eps, float* dx, float* dweight, float* dbias) {
  grad_factors f;
  f.mu = load_pair(mean);
  v128_t dys = zero(), dyxs = zero();
  for (int n = 0; n < batch; n++) {
    add_grad(load_pair(dy + n * channels), load_pair(x + n * channels), f.mu, &dys, &dyxs);
  }
  v128_t count = wasm_f64x2_splat((double)batch);
  v128_t std = wasm_f64x2_sqrt(wasm_f64x2_add(load_pair(var), wasm_f64x2_splat(eps)));
  f.inv_std = wasm_f64x2_div(wasm_f64x2_splat(1.0), std);
  v128_t sum_dyxhat = wasm_f64x2_mul(dyxs, f.inv_std);
  f.scale = wasm_f64x2_mul(load_pair(weight), f.inv_std);
  f.mean_dy = wasm_f64x2_div(dys, count);
  f.mean_dyxhat = wasm_f64x2_div(sum_dyxhat, count);
  for (int n = 0; n < batch; n++) {
    store_pair(dx + n * channels, grad_value(load_pair(dy + n * channels), load_pair(x + n * channels), &f));
  }
  store_pair(dweight, sum_dyxhat);
  store_pair(dbias, dys);
}

void strata_batch_norm_train_grad(const float* dy, const float* x, const float* weight, const float* mean,
                                  const float* var, const double* eps, int batch, int channels, int spatial, float* dx,
                                  float* dweight, float* dbias, int begin, int end) {
  int c = begin;
  if (spatial == 1) {
    for (; c + 2 <= end; c += 2) {
      train_grad_pair(dy + c, x + c, batch, channels, weight + c, mean + c, var + c, *eps, dx + c, dweight + c,
                      dbias + c);
    }
  }
  for (; c < end; c++) {
    int offset = c * spatial;
    train_grad_channel(dy + offset, x + offset, batch, channels * spatial, spatial, weight[c], mean[c], var[c], *eps,
                       dx + offset, dweight + c, dbias + c);
  }
}
