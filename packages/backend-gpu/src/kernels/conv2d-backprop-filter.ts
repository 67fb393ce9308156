import { computeConv2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, closeBlocks, num, unravel } from '../programs/index-math.js';
import { batchChunks, sumChunks } from '../programs/batch-chunks.js';
import { packLastAxis, packWindowRows } from '../programs/pack-rows.js';

/**
 * Gradient of `Conv2d` with respect to its filter: one thread per (batch chunk, filter element)
 * sums `x * dy` over its chunk's samples and the output positions; a `Reduce` adds the chunks.
 * `dy` is packed by fours along its rows and the zero-padded input by the 4 cells those output
 * columns read, so 4 output columns cost 2 texture fetches and no bounds checks.
 *
 * @example
 * ```ts
 * const dw = conv2dBackpropFilter({ inputs: { x, dy }, attrs: { ...convAttrs, filterShape: w.shape }, backend });
 * ```
 */
export const conv2dBackpropFilter: KernelFunc<'Conv2dBackpropFilter', GpuBackend> = ({
  inputs: { x, dy },
  attrs,
  backend,
}) => {
  const info = computeConv2dInfo(x.shape, attrs.filterShape, attrs);
  const { batch: N, inChannels: C, outChannels: O, outHeight: OH, outWidth: OW } = info;
  const cpg = info.inChannelsPerGroup;
  const { chunks, perChunk } = batchChunks(N, sizeFromShape(attrs.filterShape));
  const partialShape = [chunks, ...attrs.filterShape];
  const quads = Math.ceil(OW / 4);
  const dy4 = packLastAxis(backend, dy);
  const rows = packWindowRows(backend, x, info, info.strideWidth);
  const { height: Hp, width: Wp } = rows;
  const [, , KH, KW] = attrs.filterShape as [number, number, number, number];
  const dyAt = at(backend, dy4, [
    ['n', O * OH * quads, N],
    ['c1', OH * quads, O],
    ['oh', quads, OH],
    ['q', 1, quads],
  ]);
  const xAt = at(backend, rows.packed, [
    ['n', C * Hp * Wp, N],
    ['g', cpg * Hp * Wp, info.groups],
    ['c2', Hp * Wp, cpg],
    ['c3', info.dilationHeight * Wp, KH],
    ['c4', info.dilationWidth, KW],
    ['oh', info.strideHeight * Wp, OH],
    ['q', 4 * info.strideWidth, quads],
  ]);
  const source = [
    'function(dy4, px) {',
    unravel(partialShape, backend.layout),
    `let g = Math.floor((c1 + 0.5) / ${num(info.outChannelsPerGroup)});`,
    'let s = 0.0;',
    `for (let j = 0; j < ${perChunk}; j++) {`,
    `let n = c0 * ${num(perChunk)} + j;`,
    `if (n < ${num(N)}) {`,
    `for (let oh = 0; oh < ${OH}; oh++) {`,
    `for (let q = 0; q < ${quads}; q++) {`,
    `let v = dy4${dyAt};`,
    `let r = px${xAt};`,
    's = s + v[0] * r[0] + v[1] * r[1] + v[2] * r[2] + v[3] * r[3];',
    closeBlocks(4),
    'return s;',
    '}',
  ].join('\n');
  const partial = backend.runProgram({ source, inputs: [dy4, rows.packed] }, partialShape, x.dtype);
  backend.disposeData(dy4.dataId);
  backend.disposeData(rows.packed.dataId);
  return sumChunks(backend, partial, attrs.filterShape);
};
