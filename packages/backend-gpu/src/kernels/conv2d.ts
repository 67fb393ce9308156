import { type Conv2dInfo, computeConv2dInfo, type KernelFunc, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { type EpilogueSource, epilogueSource } from '../programs/epilogue-source.js';
import { at, closeBlocks, num, returnAs, unravel } from '../programs/index-math.js';
import { packLastAxis, packWindowRows } from '../programs/pack-rows.js';

/**
 * NCHW convolution. Filters at least 2 wide run on packed rows: the padded input as texels of
 * 4 horizontally consecutive window cells and the filter as texels of 4 consecutive taps, so
 * one thread per output element does one multiply-add of 4-vectors per 2 texture fetches and
 * needs no bounds checks; 1-wide filters run the direct loop over single values. The
 * `epilogue` (bias of output channel `c1`, activation) is applied to each sum in the same program.
 *
 * @example
 * ```ts
 * const y = conv2d({ inputs: { x, filter }, attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 }, backend });
 * ```
 */
export const conv2d: KernelFunc<'Conv2d', GpuBackend> = ({ inputs: { x, filter, bias }, attrs, backend }) => {
  const info = computeConv2dInfo(x.shape, filter.shape, attrs);
  const channel = bias && { info: bias, coord: 'c1', count: info.outChannels };
  const tail = epilogueSource('Conv2d', backend, attrs.epilogue, 's', channel);
  if (info.kernelWidth < 2) return directConv2d(x, filter, info, tail, backend);
  const rows = packWindowRows(backend, x, info, info.dilationWidth);
  const taps = packLastAxis(backend, filter);
  const { inChannels: C, kernelHeight: KH } = info;
  const { height: Hp, width: Wp } = rows;
  const G = Math.ceil(info.kernelWidth / 4);
  const cpg = info.inChannelsPerGroup;
  const { batch: N, outChannels: O, outHeight: OH, outWidth: OW, groups } = info;
  const xAt = at(backend, rows.packed, [
    ['c0', C * Hp * Wp, N],
    ['g', cpg * Hp * Wp, groups],
    ['ci', Hp * Wp, cpg],
    ['kh', info.dilationHeight * Wp, KH],
    ['kg', 4 * info.dilationWidth, G],
    ['c2', info.strideHeight * Wp, OH],
    ['c3', info.strideWidth, OW],
  ]);
  const fAt = at(backend, taps, [
    ['c1', cpg * KH * G, O],
    ['ci', KH * G, cpg],
    ['kh', G, KH],
    ['kg', 1, G],
  ]);
  const source = [
    `function(${['px', 'pf', ...tail.params].join(', ')}) {`,
    unravel(info.outShape, backend.layout),
    `let g = Math.floor((c1 + 0.5) / ${num(info.outChannelsPerGroup)});`,
    'let s = 0.0;',
    `for (let ci = 0; ci < ${cpg}; ci++) {`,
    `for (let kh = 0; kh < ${KH}; kh++) {`,
    `for (let kg = 0; kg < ${G}; kg++) {`,
    `let v = px${xAt};`,
    `let w = pf${fAt};`,
    's = s + v[0] * w[0] + v[1] * w[1] + v[2] * w[2] + v[3] * w[3];',
    closeBlocks(3),
    ...tail.statements,
    returnAs(x.dtype, tail.result),
    '}',
  ].join('\n');
  const y = backend.runProgram(
    { source, inputs: [rows.packed, taps, ...tail.inputs], scalars: tail.scalars },
    info.outShape,
    x.dtype,
  );
  backend.disposeData(rows.packed.dataId);
  backend.disposeData(taps.dataId);
  return y;
};

/** One thread per output element, loops over its group's input channels and the window; padded cells are skipped. */
function directConv2d(
  x: TensorInfo,
  filter: TensorInfo,
  info: Conv2dInfo,
  tail: EpilogueSource,
  backend: GpuBackend,
): TensorInfo {
  const { inChannels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW } = info;
  const cpg = info.inChannelsPerGroup;
  const { batch: N, outChannels: O, groups } = info;
  const xAt = at(backend, x, [
    ['c0', C * H * W, N],
    ['g', cpg * H * W, groups],
    ['ci', H * W, cpg],
    ['ih', W, H],
    ['iw', 1, W],
  ]);
  const fAt = at(backend, filter, [
    ['c1', cpg * KH * KW, O],
    ['ci', KH * KW, cpg],
    ['kh', KW, KH],
    ['kw', 1, KW],
  ]);
  const source = [
    `function(${['x', 'f', ...tail.params].join(', ')}) {`,
    unravel(info.outShape, backend.layout),
    `let g = Math.floor((c1 + 0.5) / ${num(info.outChannelsPerGroup)});`,
    'let s = 0.0;',
    `for (let ci = 0; ci < ${cpg}; ci++) {`,
    `for (let kh = 0; kh < ${KH}; kh++) {`,
    `let ih = c2 * ${num(info.strideHeight)} - ${num(info.padTop)} + kh * ${num(info.dilationHeight)};`,
    `if (ih >= 0.0 && ih < ${num(H)}) {`,
    `for (let kw = 0; kw < ${KW}; kw++) {`,
    `let iw = c3 * ${num(info.strideWidth)} - ${num(info.padLeft)} + kw * ${num(info.dilationWidth)};`,
    `if (iw >= 0.0 && iw < ${num(W)}) {`,
    `s = s + x${xAt} * f${fAt};`,
    closeBlocks(5),
    ...tail.statements,
    returnAs(x.dtype, tail.result),
    '}',
  ].join('\n');
  return backend.runProgram(
    { source, inputs: [x, filter, ...tail.inputs], scalars: tail.scalars },
    info.outShape,
    x.dtype,
  );
}
