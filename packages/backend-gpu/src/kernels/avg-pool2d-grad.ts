import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { avgPoolDivisorSource } from '../programs/avg-pool-divisor.js';
import { at, unravel } from '../programs/index-math.js';
import { coveringWindows, windowTerms } from '../programs/pool-windows.js';

/**
 * Gradient of average pooling: one thread per input element gathers `dy / divisor` from every
 * window that covers it.
 *
 * @example
 * ```ts
 * const dx = avgPool2dGrad({ inputs: { dy }, attrs: { ...avgAttrs, inputShape: x.shape }, backend });
 * ```
 */
export const avgPool2dGrad: KernelFunc<'AvgPool2dGrad', GpuBackend> = ({ inputs: { dy }, attrs, backend }) => {
  const info = computePool2dInfo(attrs.inputShape, attrs);
  const body = `${avgPoolDivisorSource(info, attrs, 'oh', 'ow')}\ns = s + dy${at(backend, dy, windowTerms(info))} / div;`;
  const source = [
    'function(dy) {',
    unravel(attrs.inputShape, backend.layout),
    'let s = 0.0;',
    coveringWindows(info, body),
    'return s;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [dy] }, attrs.inputShape, dy.dtype);
};
