import { computePool2dInfo, type KernelFunc, type Pool2dInfo, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, num, unravel } from '../programs/index-math.js';
import { cellTerms, windowCells } from '../programs/pool-windows.js';

/** Source of a program scanning each window and returning its max (`value`) or the winner's `h * W + w`. */
function windowScan(info: Pool2dInfo, result: 'value' | 'index', backend: GpuBackend, x: TensorInfo): string {
  const W = info.inWidth;
  return [
    'function(x) {',
    unravel(info.outShape, backend.layout),
    'let best = 0.0;',
    'let index = -1.0;',
    // The first max wins ties; NaN wins over numbers, as in PyTorch.
    windowCells(
      info,
      `let v = x${at(backend, x, cellTerms(info))};\nif (index < 0.0 || v > best || (v != v && best == best)) { best = v; index = ih * ${num(W)} + iw; }`,
    ),
    `return ${result === 'value' ? 'best' : 'index'};`,
    '}',
  ].join('\n');
}

/**
 * Max pooling: two programs over the same windows, one for the values and one for the flat
 * `h * W + w` index of each winner (what the backward pass needs).
 *
 * @example
 * ```ts
 * const [values, indices] = maxPool2d({ inputs: { x }, attrs: poolAttrs, backend });
 * ```
 */
export const maxPool2d: KernelFunc<'MaxPool2d', GpuBackend> = ({ inputs: { x }, attrs, backend }) => {
  const info = computePool2dInfo(x.shape, attrs);
  return [
    backend.runProgram({ source: windowScan(info, 'value', backend, x), inputs: [x] }, info.outShape, x.dtype),
    backend.runProgram({ source: windowScan(info, 'index', backend, x), inputs: [x] }, info.outShape, 'int32'),
  ];
};
