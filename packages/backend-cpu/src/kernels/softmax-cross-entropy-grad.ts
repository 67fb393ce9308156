import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { FloatArray } from '../routines/gemm.js';
import { expFor } from './float32-transcendentals.js';

/**
 * Gradient of softmax cross-entropy w.r.t. the logits, in the logits' dtype:
 * `dy[n] * (e^(x - lse[n]) - q)` with `q = e / C` off the target and `(1 - e) + e / C` on it,
 * 0 in rows whose target is `ignoreIndex`. For float32 every step is rounded to float32, as the
 * WebAssembly kernel computes it.
 *
 * @example
 * ```ts
 * const dx = softmaxCrossEntropyGrad({ inputs: { dy, logits, target, lse }, attrs: { ignoreIndex: -100, labelSmoothing: 0 }, backend });
 * ```
 */
export const softmaxCrossEntropyGrad: KernelFunc<'SoftmaxCrossEntropyGrad', CpuBackend> = ({
  inputs,
  attrs: { ignoreIndex, labelSmoothing },
  backend,
}) => {
  const { logits } = inputs;
  const [rows, classes] = logits.shape as [number, number];
  const x = backend.values(logits.dataId) as FloatArray;
  const t = backend.values(inputs.target.dataId);
  const dy = backend.values(inputs.dy.dataId) as FloatArray;
  const lse = backend.values(inputs.lse.dataId) as FloatArray;
  const exp = expFor(logits.dtype);
  const round = logits.dtype === 'float32' ? Math.fround : (v: number) => v;
  const off = round(labelSmoothing / classes);
  const on = round(round(1 - labelSmoothing) + off);
  const dx = backend.allocate(logits.dtype, rows * classes) as FloatArray;
  for (let n = 0, base = 0; n < rows; n++, base += classes) {
    if (t[n] === ignoreIndex) continue;
    const g = dy[n];
    const l = lse[n];
    for (let j = 0; j < classes; j++) {
      dx[base + j] = g * round(exp(round(x[base + j] - l)) - (j === t[n] ? on : off));
    }
  }
  return backend.makeOutput(dx, logits.shape, logits.dtype);
};
