import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { num, unravel } from '../programs/index-math.js';
import { coveringWindows } from '../programs/pool-windows.js';

/**
 * Gradient of max pooling: one thread per input element sums `dy` over the windows that cover
 * it and recorded it as their winner.
 *
 * @example
 * ```ts
 * const dx = maxPool2dGrad({ inputs: { dy, indices }, attrs: { ...poolAttrs, inputShape: x.shape }, backend });
 * ```
 */
export const maxPool2dGrad: KernelFunc<'MaxPool2dGrad', GpuBackend> = ({ inputs: { dy, indices }, attrs, backend }) => {
  const info = computePool2dInfo(attrs.inputShape, attrs);
  const { inWidth: W, outHeight: OH, outWidth: OW } = info;
  const source = [
    'function(dy, idx) {',
    unravel(attrs.inputShape),
    `let base = (c0 * ${num(info.channels)} + c1) * ${num(OH * OW)};`,
    `let self = c2 * ${num(W)} + c3;`,
    'let s = 0.0;',
    coveringWindows(info, `let at = base + oh * ${num(OW)} + ow;\nif (idx[at] == self) { s = s + dy[at]; }`),
    'return s;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [dy, indices] }, attrs.inputShape, dy.dtype);
};
