import { computeConv2dInfo, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { closeBlocks, exactQuotient, num, unravel } from '../programs/index-math.js';

/**
 * Gradient of `Conv2d` with respect to its input: one thread per input element gathers the
 * output gradients of every window that covered it (no scatter, so no atomics needed).
 *
 * @example
 * ```ts
 * const dx = conv2dBackpropInput({ inputs: { dy, filter }, attrs: { ...convAttrs, inputShape: x.shape }, backend });
 * ```
 */
export const conv2dBackpropInput: KernelFunc<'Conv2dBackpropInput', GpuBackend> = ({ inputs: { dy, filter }, attrs, backend }) => {
  const info = computeConv2dInfo(attrs.inputShape, filter.shape, attrs);
  const { outChannels: O, outHeight: OH, outWidth: OW, kernelHeight: KH, kernelWidth: KW } = info;
  const cpg = info.inChannelsPerGroup;
  const opg = info.outChannelsPerGroup;
  const source = [
    'function(dy, f) {',
    unravel(attrs.inputShape),
    `let g = Math.floor((c1 + 0.5) / ${num(cpg)});`,
    `let ci = c1 - g * ${num(cpg)};`,
    'let s = 0.0;',
    `for (let oc = 0; oc < ${opg}; oc++) {`,
    `let o = g * ${num(opg)} + oc;`,
    `for (let kh = 0; kh < ${KH}; kh++) {`,
    `let th = c2 + ${num(info.padTop)} - kh * ${num(info.dilationHeight)};`,
    exactQuotient('oh', 'th', info.strideHeight, OH),
    'if (ohOk) {',
    `for (let kw = 0; kw < ${KW}; kw++) {`,
    `let tw = c3 + ${num(info.padLeft)} - kw * ${num(info.dilationWidth)};`,
    exactQuotient('ow', 'tw', info.strideWidth, OW),
    'if (owOk) {',
    `s = s + dy[c0 * ${num(O * OH * OW)} + o * ${num(OH * OW)} + oh * ${num(OW)} + ow] * f[o * ${num(cpg * KH * KW)} + ci * ${num(KH * KW)} + kh * ${num(KW)} + kw];`,
    closeBlocks(5),
    'return s;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [dy, filter] }, attrs.inputShape, dy.dtype);
};
