import { computeConv2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { closeBlocks, exactQuotient, num, unravel } from '../programs/index-math.js';
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
export const conv2dBackpropInput: KernelFunc<'Conv2dBackpropInput', GpuBackend> = ({ inputs: { dy, filter }, attrs, backend }) => {
  const info = computeConv2dInfo(attrs.inputShape, filter.shape, attrs);
  const { outHeight: OH, outWidth: OW, kernelHeight: KH, kernelWidth: KW } = info;
  const cpg = info.inChannelsPerGroup;
  const groups = info.inChannels / cpg;
  const quads = Math.ceil(info.outChannelsPerGroup / 4);
  const dy4 = packChannels(backend, dy, groups);
  const f4 = packChannels(backend, { ...filter, shape: [1, filter.shape[0]!, cpg * KH * KW] }, groups);
  const source = [
    'function(dy4, f4) {',
    unravel(attrs.inputShape),
    `let g = Math.floor((c1 + 0.5) / ${num(cpg)});`,
    `let ci = c1 - g * ${num(cpg)};`,
    `let dyBase = (c0 * ${num(groups)} + g) * ${num(quads * OH * OW)};`,
    `let fBase = g * ${num(quads * cpg * KH * KW)} + ci * ${num(KH * KW)};`,
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
    `let v = dy4[dyBase + q * ${num(OH * OW)} + oh * ${num(OW)} + ow];`,
    `let w = f4[fBase + q * ${num(cpg * KH * KW)} + kh * ${num(KW)} + kw];`,
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
