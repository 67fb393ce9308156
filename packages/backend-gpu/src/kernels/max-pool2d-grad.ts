import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, num, unravel } from '../programs/index-math.js';
import { coveringWindows, windowTerms } from '../programs/pool-windows.js';

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
  const W = info.inWidth;
  const source = [
    'function(dy, idx) {',
    unravel(attrs.inputShape, backend.layout),
    `let self = c2 * ${num(W)} + c3;`,
    'let s = 0.0;',
    coveringWindows(
      info,
      `if (idx${at(backend, indices, windowTerms(info))} == self) { s = s + dy${at(backend, dy, windowTerms(info))}; }`,
    ),
    'return s;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [dy, indices] }, attrs.inputShape, dy.dtype);
};
