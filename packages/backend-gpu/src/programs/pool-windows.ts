import type { Pool2dInfo } from '@strata/core';
import { closeBlocks, exactQuotient, num, planeTerms, type Term } from './index-math.js';

/**
 * Loops over the cells of the window of output (`c2`, `c3`) that lie inside the input,
 * running `body` with the cell at (`ih`, `iw`).
 *
 * @example
 * ```ts
 * windowCells(info, 's = s + x[base + ih * 28.0 + iw];');
 * ```
 */
export function windowCells(info: Pool2dInfo, body: string): string {
  return [
    `for (let kh = 0; kh < ${info.kernelHeight}; kh++) {`,
    `let ih = c2 * ${num(info.strideHeight)} - ${num(info.padHeight)} + kh * ${num(info.dilationHeight)};`,
    `if (ih >= 0.0 && ih < ${num(info.inHeight)}) {`,
    `for (let kw = 0; kw < ${info.kernelWidth}; kw++) {`,
    `let iw = c3 * ${num(info.strideWidth)} - ${num(info.padWidth)} + kw * ${num(info.dilationWidth)};`,
    `if (iw >= 0.0 && iw < ${num(info.inWidth)}) {`,
    body,
    closeBlocks(4),
  ].join('\n');
}

/**
 * Loops over the outputs (`oh`, `ow`) whose windows cover input (`c2`, `c3`), running `body`
 * for each: how a backward pass gathers instead of scattering.
 *
 * @example
 * ```ts
 * coveringWindows(info, 's = s + dy[base + oh * 14.0 + ow];');
 * ```
 */
export function coveringWindows(info: Pool2dInfo, body: string): string {
  return [
    `for (let kh = 0; kh < ${info.kernelHeight}; kh++) {`,
    `let th = c2 + ${num(info.padHeight)} - kh * ${num(info.dilationHeight)};`,
    exactQuotient('oh', 'th', info.strideHeight, info.outHeight),
    'if (ohOk) {',
    `for (let kw = 0; kw < ${info.kernelWidth}; kw++) {`,
    `let tw = c3 + ${num(info.padWidth)} - kw * ${num(info.dilationWidth)};`,
    exactQuotient('ow', 'tw', info.strideWidth, info.outWidth),
    'if (owOk) {',
    body,
    closeBlocks(4),
  ].join('\n');
}

/**
 * The offset terms of input cell `(c0, c1, ih, iw)`: what {@link windowCells}' body reads.
 *
 * @example
 * ```ts
 * windowCells(info, `s = s + x${at(backend, x, cellTerms(info))};`);
 * ```
 */
export function cellTerms(info: Pool2dInfo): Term[] {
  return planeTerms([info.batch, info.channels, info.inHeight, info.inWidth], 'ih', 'iw');
}

/**
 * The offset terms of output window `(c0, c1, oh, ow)`: what {@link coveringWindows}' body reads.
 *
 * @example
 * ```ts
 * coveringWindows(info, `s = s + dy${at(backend, dy, windowTerms(info))};`);
 * ```
 */
export function windowTerms(info: Pool2dInfo): Term[] {
  return planeTerms([info.batch, info.channels, info.outHeight, info.outWidth], 'oh', 'ow');
}
