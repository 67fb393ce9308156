import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { channelLayout } from '../routines/channel-layout.js';
import type { FloatArray } from '../routines/gemm.js';
import { applyEpilogue } from './epilogue.js';

/**
 * Training-mode batch normalisation in three passes per channel (sum, squared deviation,
 * normalise), accumulating in double: `x` is walked as `[N, C, S]` with `S` the product of the
 * trailing dimensions, so `[N, C]`, `[N, C, L]` and `[N, C, H, W]` inputs all work. The epilogue
 * runs over the result in place.
 *
 * @example
 * ```ts
 * const [y, mean, variance] = batchNormTrain({ inputs: { x, weight, bias }, attrs: { eps: 1e-5 }, backend });
 * ```
 */
export const batchNormTrain: KernelFunc<'BatchNormTrain', CpuBackend> = ({ inputs, attrs, backend }) => {
  const { eps } = attrs;
  const { x } = inputs;
  const { batch, channels, spatial, count, stride } = channelLayout(x.shape);
  const xs = backend.values(x.dataId) as FloatArray;
  const weight = backend.values(inputs.weight.dataId);
  const bias = backend.values(inputs.bias.dataId);
  const y = backend.allocate(x.dtype, xs.length) as FloatArray;
  const mean = backend.allocate(x.dtype, channels) as FloatArray;
  const variance = backend.allocate(x.dtype, channels) as FloatArray;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let n = 0, base = c * spatial; n < batch; n++, base += stride) {
      for (let s = 0; s < spatial; s++) sum += xs[base + s];
    }
    const mu = sum / count;
    let squares = 0;
    for (let n = 0, base = c * spatial; n < batch; n++, base += stride) {
      for (let s = 0; s < spatial; s++) {
        const d = xs[base + s] - mu;
        squares += d * d;
      }
    }
    const v = squares / count;
    const scale = weight[c] / Math.sqrt(v + eps);
    const shift = bias[c] - mu * scale;
    for (let n = 0, base = c * spatial; n < batch; n++, base += stride) {
      for (let s = 0; s < spatial; s++) y[base + s] = xs[base + s] * scale + shift;
    }
    mean[c] = mu;
    variance[c] = v;
  }
  if (attrs.epilogue !== undefined)
    applyEpilogue(attrs.epilogue, y, undefined, { outer: batch, channels, inner: spatial });
  return [
    backend.makeOutput(y, x.shape, x.dtype),
    backend.makeOutput(mean, [channels], x.dtype),
    backend.makeOutput(variance, [channels], x.dtype),
  ];
};
