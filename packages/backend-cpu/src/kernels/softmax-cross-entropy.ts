import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { FloatArray } from '../routines/gemm.js';
import { expFor } from './float32-transcendentals.js';

/**
 * Softmax cross-entropy row by row: the row's logsumexp `lse = max + ln(sum e^(x - max))` and
 * its loss `(1 - e) (lse - x[t]) + e (lse - mean x)`, sums and logarithm in double; rows whose
 * target is `ignoreIndex` get 0 for both.
 *
 * @example
 * ```ts
 * const [losses, lse] = softmaxCrossEntropy({ inputs: { logits, target }, attrs: { ignoreIndex: -100, labelSmoothing: 0 }, backend });
 * ```
 */
export const softmaxCrossEntropy: KernelFunc<'SoftmaxCrossEntropy', CpuBackend> = ({
  inputs: { logits, target },
  attrs: { ignoreIndex, labelSmoothing },
  backend,
}) => {
  const [rows, classes] = logits.shape as [number, number];
  const x = backend.values(logits.dataId) as FloatArray;
  const t = backend.values(target.dataId);
  const exp = expFor(logits.dtype);
  const round = logits.dtype === 'float32' ? Math.fround : (v: number) => v;
  const losses = backend.allocate(logits.dtype, rows) as FloatArray;
  const lse = backend.allocate(logits.dtype, rows) as FloatArray;
  for (let n = 0, base = 0; n < rows; n++, base += classes) {
    if (t[n] === ignoreIndex) continue;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < classes; j++) max = Math.max(max, x[base + j]);
    let sum = 0;
    let xsum = 0;
    for (let j = 0; j < classes; j++) {
      sum += exp(round(x[base + j] - max));
      xsum += x[base + j];
    }
    const l = max + Math.log(sum);
    const nll = l - x[base + t[n]];
    lse[n] = l;
    losses[n] = labelSmoothing === 0 ? nll : (1 - labelSmoothing) * nll + labelSmoothing * (l - xsum / classes);
  }
  return [backend.makeOutput(losses, [rows], logits.dtype), backend.makeOutput(lse, [rows], logits.dtype)];
};
