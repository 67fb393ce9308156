import { computeConv2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { closeBlocks, num, unravel } from '../programs/index-math.js';

/**
 * Direct NCHW convolution: one thread per output element, loops over its group's input
 * channels and the kernel window; padded cells are skipped.
 *
 * @example
 * ```ts
 * const y = conv2d({ inputs: { x, filter }, attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 }, backend });
 * ```
 */
export const conv2d: KernelFunc<'Conv2d', GpuBackend> = ({ inputs: { x, filter }, attrs, backend }) => {
  const info = computeConv2dInfo(x.shape, filter.shape, attrs);
  const { inChannels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW } = info;
  const cpg = info.inChannelsPerGroup;
  const source = [
    'function(x, f) {',
    unravel(info.outShape),
    `let g = Math.floor((c1 + 0.5) / ${num(info.outChannelsPerGroup)});`,
    `let xBase = c0 * ${num(C * H * W)} + g * ${num(cpg * H * W)};`,
    `let fBase = c1 * ${num(cpg * KH * KW)};`,
    'let s = 0.0;',
    `for (let ci = 0; ci < ${cpg}; ci++) {`,
    `for (let kh = 0; kh < ${KH}; kh++) {`,
    `let ih = c2 * ${num(info.strideHeight)} - ${num(info.padTop)} + kh * ${num(info.dilationHeight)};`,
    `if (ih >= 0.0 && ih < ${num(H)}) {`,
    `for (let kw = 0; kw < ${KW}; kw++) {`,
    `let iw = c3 * ${num(info.strideWidth)} - ${num(info.padLeft)} + kw * ${num(info.dilationWidth)};`,
    `if (iw >= 0.0 && iw < ${num(W)}) {`,
    `s = s + x[xBase + ci * ${num(H * W)} + ih * ${num(W)} + iw] * f[fBase + ci * ${num(KH * KW)} + kh * ${num(KW)} + kw];`,
    closeBlocks(5),
    'return s;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [x, filter] }, info.outShape, x.dtype);
};
