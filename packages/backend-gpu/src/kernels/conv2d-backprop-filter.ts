import { computeConv2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { closeBlocks, num, unravel } from '../programs/index-math.js';
import { reduce } from './reduce.js';

/**
 * Threads a filter-gradient pass aims for. A filter has few elements (150 for LeNet's first
 * layer), and llvmpipe shades a small texture on one core, so the batch is split into chunks
 * whose partial sums a second pass adds up.
 */
const TARGET_THREADS = 8192;

/**
 * Gradient of `Conv2d` with respect to its filter: one thread per (batch chunk, filter element)
 * sums `x * dy` over its chunk's samples and the output positions; a `Reduce` adds the chunks.
 *
 * @example
 * ```ts
 * const dw = conv2dBackpropFilter({ inputs: { x, dy }, attrs: { ...convAttrs, filterShape: w.shape }, backend });
 * ```
 */
export const conv2dBackpropFilter: KernelFunc<'Conv2dBackpropFilter', GpuBackend> = ({ inputs: { x, dy }, attrs, backend }) => {
  const info = computeConv2dInfo(x.shape, attrs.filterShape, attrs);
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: O, outHeight: OH, outWidth: OW } = info;
  const cpg = info.inChannelsPerGroup;
  const filterSize = sizeFromShape(attrs.filterShape);
  const chunks = Math.max(1, Math.min(N, Math.ceil(TARGET_THREADS / filterSize)));
  const perChunk = Math.ceil(N / chunks);
  const partialShape = [chunks, ...attrs.filterShape];
  const source = [
    'function(x, dy) {',
    unravel(partialShape),
    `let g = Math.floor((c1 + 0.5) / ${num(info.outChannelsPerGroup)});`,
    `let xBase = (g * ${num(cpg)} + c2) * ${num(H * W)};`,
    `let dyBase = c1 * ${num(OH * OW)};`,
    'let s = 0.0;',
    `for (let j = 0; j < ${perChunk}; j++) {`,
    `let n = c0 * ${num(perChunk)} + j;`,
    `if (n < ${num(N)}) {`,
    `for (let oh = 0; oh < ${OH}; oh++) {`,
    `let ih = oh * ${num(info.strideHeight)} - ${num(info.padTop)} + c3 * ${num(info.dilationHeight)};`,
    `if (ih >= 0.0 && ih < ${num(H)}) {`,
    `for (let ow = 0; ow < ${OW}; ow++) {`,
    `let iw = ow * ${num(info.strideWidth)} - ${num(info.padLeft)} + c4 * ${num(info.dilationWidth)};`,
    `if (iw >= 0.0 && iw < ${num(W)}) {`,
    `s = s + x[n * ${num(C * H * W)} + xBase + ih * ${num(W)} + iw] * dy[n * ${num(O * OH * OW)} + dyBase + oh * ${num(OW)} + ow];`,
    closeBlocks(6),
    'return s;',
    '}',
  ].join('\n');
  const partial = backend.runProgram({ source, inputs: [x, dy] }, partialShape, x.dtype);
  if (chunks === 1) return { ...partial, shape: [...attrs.filterShape] };
  const out = reduce({ inputs: { x: partial }, attrs: { op: 'sum', axes: [0] }, backend });
  backend.disposeData(partial.dataId);
  return out;
};
