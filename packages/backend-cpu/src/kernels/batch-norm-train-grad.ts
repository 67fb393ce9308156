import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { channelLayout } from '../routines/channel-layout.js';
import type { FloatArray } from '../routines/gemm.js';

/**
 * Gradient of training-mode batch normalisation in two passes per channel: with
 * `xhat = (x - mean) / sqrt(var + eps)` and `M` values per channel, `dbias = sum dy`,
 * `dweight = sum dy * xhat` and `dx = weight / sqrt(var + eps) * (dy - (dbias + xhat * dweight) / M)`.
 *
 * @example
 * ```ts
 * const [dx, dweight, dbias] = batchNormTrainGrad({ inputs: { dy, x, weight, mean, var: v }, attrs: { eps: 1e-5 }, backend });
 * ```
 */
export const batchNormTrainGrad: KernelFunc<'BatchNormTrainGrad', CpuBackend> = ({
  inputs,
  attrs: { eps },
  backend,
}) => {
  const { x } = inputs;
  const { batch, channels, spatial, count, stride } = channelLayout(x.shape);
  const xs = backend.values(x.dataId) as FloatArray;
  const dy = backend.values(inputs.dy.dataId) as FloatArray;
  const weight = backend.values(inputs.weight.dataId);
  const mean = backend.values(inputs.mean.dataId);
  const variance = backend.values(inputs.var.dataId);
  const dx = backend.allocate(x.dtype, xs.length) as FloatArray;
  const dweight = backend.allocate(x.dtype, channels) as FloatArray;
  const dbias = backend.allocate(x.dtype, channels) as FloatArray;
  for (let c = 0; c < channels; c++) {
    const mu = mean[c];
    const invStd = 1 / Math.sqrt(variance[c] + eps);
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let n = 0, base = c * spatial; n < batch; n++, base += stride) {
      for (let s = 0; s < spatial; s++) {
        const g = dy[base + s];
        sumDy += g;
        sumDyXhat += g * (xs[base + s] - mu) * invStd;
      }
    }
    const scale = weight[c] * invStd;
    const meanDy = sumDy / count;
    const meanDyXhat = sumDyXhat / count;
    for (let n = 0, base = c * spatial; n < batch; n++, base += stride) {
      for (let s = 0; s < spatial; s++) {
        const xhat = (xs[base + s] - mu) * invStd;
        dx[base + s] = scale * (dy[base + s] - meanDy - xhat * meanDyXhat);
      }
    }
    dweight[c] = sumDyXhat;
    dbias[c] = sumDy;
  }
  return [
    backend.makeOutput(dx, x.shape, x.dtype),
    backend.makeOutput(dweight, [channels], x.dtype),
    backend.makeOutput(dbias, [channels], x.dtype),
  ];
};
