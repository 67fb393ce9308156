import { computeConv2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, closeBlocks, exactQuotient, num, unravel } from '../programs/index-math.js';
import { packChannels } from '../programs/pack-rows.js';

/**
 * Gradient of `Conv2d` with respect to its input: one thread per input element gathers the
 * output gradients of every window that covered it (no scatter, so no atomics needed). `dy` and
 * the filter are packed by fours along the output channels, so each covering window position
 * costs 2 texture fetches for 4 multiply-adds.
 *
 * @example
 * ```ts
 * const dx = conv2dBackpropInput({ inputs: { dy, filter }, attrs: { ...convAttrs, inputShape: x.shape }, backend });
 * ```
 */
export const conv2dBackpropInput: KernelFunc<'Conv2dBackpropInput', GpuBackend> = ({
  inputs: { dy, filter },
  attrs,
  backend,
}) => {
  const info = computeConv2dInfo(attrs.inputShape, filter.shape, attrs);
  const { outHeight: OH, outWidth: OW, kernelHeight: KH, kernelWidth: KW } = info;
  const cpg = info.inChannelsPerGroup;
  const groups = info.inChannels / cpg;
  const quads = Math.ceil(info.outChannelsPerGroup / 4);
  const dy4 = packChannels(backend, dy, groups);
  const f4 = packChannels(backend, { ...filter, shape: [1, filter.shape[0]!, cpg * KH * KW] }, groups);
  const dyAt = at(backend, dy4, [
    ['c0', groups * quads * OH * OW, info.batch],
    ['g', quads * OH * OW, groups],
    ['q', OH * OW, quads],
    ['oh', OW, OH],
    ['ow', 1, OW],
  ]);
  const fAt = at(backend, f4, [
    ['g', quads * cpg * KH * KW, groups],
    ['q', cpg * KH * KW, quads],
    ['ci', KH * KW, cpg],
    ['kh', KW, KH],
    ['kw', 1, KW],
  ]);
  const source = [
    'function(dy4, f4) {',
    unravel(attrs.inputShape, backend.layout),
    `let g = Math.floor((c1 + 0.5) / ${num(cpg)});`,
    `let ci = c1 - g * ${num(cpg)};`,
    'let s = 0.0;',
    `for (let q = 0; q < ${quads}; q++) {`,
    `for (let kh = 0; kh < ${KH}; kh++) {`,
    `let th = c2 + ${num(info.padTop)} - kh * ${num(info.dilationHeight)};`,
    exactQuotient('oh', 'th', info.strideHeight, OH),
    'if (ohOk) {',
    `for (let kw = 0; kw < ${KW}; kw++) {`,
    `let tw = c3 + ${num(info.padLeft)} - kw * ${num(info.dilationWidth)};`,
    exactQuotient('ow', 'tw', info.strideWidth, OW),
    'if (owOk) {',
    `let v = dy4${dyAt};`,
    `let w = f4${fAt};`,
    's = s + v[0] * w[0] + v[1] * w[1] + v[2] * w[2] + v[3] * w[3];',
    closeBlocks(5),
    'return s;',
    '}',
  ].join('\n');
  const dx = backend.runProgram({ source, inputs: [dy4, f4] }, attrs.inputShape, dy.dtype);
  backend.disposeData(dy4.dataId);
  backend.disposeData(f4.dataId);
  return dx;
};
