import { computeConv2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { closeBlocks, num, unravel } from '../programs/index-math.js';

/**
 * Gradient of `Conv2d` with respect to its filter: one thread per filter element sums
 * `x * dy` over the batch and the output positions.
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
  const source = [
    'function(x, dy) {',
    unravel(attrs.filterShape),
    `let g = Math.floor((c0 + 0.5) / ${num(info.outChannelsPerGroup)});`,
    `let xBase = (g * ${num(cpg)} + c1) * ${num(H * W)};`,
    `let dyBase = c0 * ${num(OH * OW)};`,
    'let s = 0.0;',
    `for (let n = 0; n < ${N}; n++) {`,
    `for (let oh = 0; oh < ${OH}; oh++) {`,
    `let ih = oh * ${num(info.strideHeight)} - ${num(info.padTop)} + c2 * ${num(info.dilationHeight)};`,
    `if (ih >= 0.0 && ih < ${num(H)}) {`,
    `for (let ow = 0; ow < ${OW}; ow++) {`,
    `let iw = ow * ${num(info.strideWidth)} - ${num(info.padLeft)} + c3 * ${num(info.dilationWidth)};`,
    `if (iw >= 0.0 && iw < ${num(W)}) {`,
    `s = s + x[n * ${num(C * H * W)} + xBase + ih * ${num(W)} + iw] * dy[n * ${num(O * OH * OW)} + dyBase + oh * ${num(OW)} + ow];`,
    closeBlocks(5),
    'return s;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [x, dy] }, attrs.filterShape, x.dtype);
};
