import { type Conv2dInfo, computeConv2dInfo, type KernelFunc, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { closeBlocks, num, unravel } from '../programs/index-math.js';
import { packLastAxis, packWindowRows } from '../programs/pack-rows.js';

/**
 * NCHW convolution. Filters at least 2 wide run on packed rows: the padded input as texels of
 * 4 horizontally consecutive window cells and the filter as texels of 4 consecutive taps, so
 * one thread per output element does one multiply-add of 4-vectors per 2 texture fetches and
 * needs no bounds checks; 1-wide filters run the direct loop over single values.
 *
 * @example
 * ```ts
 * const y = conv2d({ inputs: { x, filter }, attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 }, backend });
 * ```
 */
export const conv2d: KernelFunc<'Conv2d', GpuBackend> = ({ inputs: { x, filter }, attrs, backend }) => {
  const info = computeConv2dInfo(x.shape, filter.shape, attrs);
  if (info.kernelWidth < 2) return directConv2d(x, filter, info, backend);
  const rows = packWindowRows(backend, x, info, info.dilationWidth);
  const taps = packLastAxis(backend, filter);
  const { inChannels: C, kernelHeight: KH } = info;
  const { height: Hp, width: Wp } = rows;
  const G = Math.ceil(info.kernelWidth / 4);
  const cpg = info.inChannelsPerGroup;
  const source = [
    'function(px, pf) {',
    unravel(info.outShape),
    `let g = Math.floor((c1 + 0.5) / ${num(info.outChannelsPerGroup)});`,
    `let xBase = (c0 * ${num(C)} + g * ${num(cpg)}) * ${num(Hp * Wp)} + c2 * ${num(info.strideHeight * Wp)} + c3 * ${num(info.strideWidth)};`,
    `let fBase = c1 * ${num(cpg * KH * G)};`,
    'let s = 0.0;',
    `for (let ci = 0; ci < ${cpg}; ci++) {`,
    `for (let kh = 0; kh < ${KH}; kh++) {`,
    `for (let kg = 0; kg < ${G}; kg++) {`,
    `let v = px[xBase + ci * ${num(Hp * Wp)} + kh * ${num(info.dilationHeight * Wp)} + kg * ${num(4 * info.dilationWidth)}];`,
    `let w = pf[fBase + (ci * ${num(KH)} + kh) * ${num(G)} + kg];`,
    's = s + v[0] * w[0] + v[1] * w[1] + v[2] * w[2] + v[3] * w[3];',
    closeBlocks(3),
    'return s;',
    '}',
  ].join('\n');
  const y = backend.runProgram({ source, inputs: [rows.packed, taps] }, info.outShape, x.dtype);
  backend.disposeData(rows.packed.dataId);
  backend.disposeData(taps.dataId);
  return y;
};

/** One thread per output element, loops over its group's input channels and the window; padded cells are skipped. */
function directConv2d(x: TensorInfo, filter: TensorInfo, info: Conv2dInfo, backend: GpuBackend): TensorInfo {
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
}
