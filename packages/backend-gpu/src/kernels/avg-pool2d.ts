import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { avgPoolDivisorSource } from '../programs/avg-pool-divisor.js';
import { at, unravel } from '../programs/index-math.js';
import { cellTerms, windowCells } from '../programs/pool-windows.js';

/**
 * Average pooling: one thread per output sums its window's cells inside the input and divides
 * by PyTorch's divisor.
 *
 * @example
 * ```ts
 * const y = avgPool2d({ inputs: { x }, attrs: avgAttrs, backend });
 * ```
 */
export const avgPool2d: KernelFunc<'AvgPool2d', GpuBackend> = ({ inputs: { x }, attrs, backend }) => {
  const info = computePool2dInfo(x.shape, attrs);
  const source = [
    'function(x) {',
    unravel(info.outShape, backend.layout),
    'let s = 0.0;',
    windowCells(info, `s = s + x${at(backend, x, cellTerms(info))};`),
    avgPoolDivisorSource(info, attrs, 'c2', 'c3'),
    'return s / div;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [x] }, info.outShape, x.dtype);
};
