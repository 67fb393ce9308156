import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { num, unravel } from '../programs/index-math.js';
import { windowCells } from '../programs/pool-windows.js';

/** Source of a program scanning each window and returning its max (`value`) or the winner's `h * W + w`. */
function windowScan(info: ReturnType<typeof computePool2dInfo>, result: 'value' | 'index'): string {
  const { inHeight: H, inWidth: W } = info;
  return [
    'function(x) {',
    unravel(info.outShape),
    `let base = (c0 * ${num(info.channels)} + c1) * ${num(H * W)};`,
    'let best = 0.0;',
    'let index = -1.0;',
    // The first max wins ties; NaN wins over numbers, as in PyTorch.
    windowCells(
      info,
      `let v = x[base + ih * ${num(W)} + iw];\nif (index < 0.0 || v > best || (v != v && best == best)) { best = v; index = ih * ${num(W)} + iw; }`,
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
    backend.runProgram({ source: windowScan(info, 'value'), inputs: [x] }, info.outShape, x.dtype),
    backend.runProgram({ source: windowScan(info, 'index'), inputs: [x] }, info.outShape, 'int32'),
  ];
};
