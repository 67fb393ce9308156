import { type Conv2dInfo, sizeFromShape, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, num, planeTerms, type Term, unravel } from './index-math.js';

/**
 * A convolution input packed by {@link packWindowRows}: `[N, C, height, width]` texels over the
 * zero-padded image.
 *
 * @example
 * ```ts
 * const { packed, height, width } = packWindowRows(backend, x, info, info.dilationWidth);
 * ```
 */
export interface PackedRows {
  readonly packed: TensorInfo;
  readonly height: number;
  readonly width: number;
}

/**
 * Packs `x` `[N, C, H, W]` for a convolution pass: texel `(n, c, h, w)` of the zero-padded image
 * holds the 4 cells `(h, w + j * step)`, `j = 0..3` (zero outside the image): the cells 4
 * consecutive filter taps read (`step` = dilation), or 4 consecutive output columns read
 * (`step` = stride).
 *
 * @example
 * ```ts
 * const rows = packWindowRows(backend, x, computeConv2dInfo(x.shape, filter.shape, attrs), 1);
 * ```
 */
export function packWindowRows(backend: GpuBackend, x: TensorInfo, info: Conv2dInfo, step: number): PackedRows {
  const { batch: N, inChannels: C, inHeight: H, inWidth: W } = info;
  const height = H + info.padTop + info.padBottom;
  const width = W + info.padLeft + info.padRight;
  const lane = (j: number) => {
    const iw = `(w0 + ${num(j * step)})`;
    const cell = at(backend, x, planeTerms([N, C, H, W], 'ih', iw));
    return `rowOk && ${iw} >= 0.0 && ${iw} < ${num(W)} ? x${cell} : 0.0`;
  };
  const source = [
    'function(x) {',
    unravel([N, C, height, width], backend.layout),
    `let ih = c2 - ${num(info.padTop)};`,
    `let rowOk = ih >= 0.0 && ih < ${num(H)};`,
    `let w0 = c3 - ${num(info.padLeft)};`,
    `return [${[0, 1, 2, 3].map(lane).join(', ')}];`,
    '}',
  ].join('\n');
  const packed = backend.runPackedProgram({ source, inputs: [x] }, N * C * height * width);
  return { packed, height, width };
}

/**
 * Packs the last axis of `t` by fours: texel `(..., q)` holds elements `4q .. 4q + 3` of that
 * axis, zero past its end. `ceil(last / 4)` texels per row.
 *
 * @example
 * ```ts
 * const taps = packLastAxis(backend, filter); // [O, C, KH, ceil(KW / 4)] texels
 * ```
 */
export function packLastAxis(backend: GpuBackend, t: TensorInfo): TensorInfo {
  const last = t.shape[t.shape.length - 1]!;
  const rows = sizeFromShape(t.shape) / last;
  const quads = Math.ceil(last / 4);
  const terms: Term[] = [
    ['c0', last, rows],
    ['c1', 4, quads],
  ];
  const lane = (j: number) => `c1 * 4.0 + ${num(j)} < ${num(last)} ? t${at(backend, t, terms, j)} : 0.0`;
  const source = [
    'function(t) {',
    unravel([rows, quads], backend.layout),
    `return [${[0, 1, 2, 3].map(lane).join(', ')}];`,
    '}',
  ].join('\n');
  return backend.runPackedProgram({ source, inputs: [t] }, rows * quads);
}

/**
 * Packs `t` `[A, groups * perGroup, ...rest]` by fours along its second axis within each group:
 * texel `(a, g, q, r)` holds channels `g * perGroup + 4q + j`, `j = 0..3` (zero past the group's
 * end), at the flat trailing position `r`. `ceil(perGroup / 4)` texels per group.
 *
 * @example
 * ```ts
 * const dy4 = packChannels(backend, dy, groups); // [N, groups, ceil(O / groups / 4), OH * OW] texels
 * ```
 */
export function packChannels(backend: GpuBackend, t: TensorInfo, groups: number): TensorInfo {
  const [A, channels] = t.shape as [number, number];
  const rest = sizeFromShape(t.shape.slice(2));
  const perGroup = channels / groups;
  const quads = Math.ceil(perGroup / 4);
  const terms: Term[] = [
    ['c0', channels * rest, A],
    ['c1', perGroup * rest, groups],
    ['c2', 4 * rest, quads],
    ['c3', 1, rest],
  ];
  const lane = (j: number) => `c2 * 4.0 + ${num(j)} < ${num(perGroup)} ? t${at(backend, t, terms, j * rest)} : 0.0`;
  const source = [
    'function(t) {',
    unravel([A, groups, quads, rest], backend.layout),
    `return [${[0, 1, 2, 3].map(lane).join(', ')}];`,
    '}',
  ].join('\n');
  return backend.runPackedProgram({ source, inputs: [t] }, A * groups * quads * rest);
}
