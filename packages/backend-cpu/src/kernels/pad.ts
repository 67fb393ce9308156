import { type KernelFunc, type PadMode, sizeFromShape, stridesFromShape, type TypedArray } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

/**
 * The source index along one dimension of size `size` for output index `i` (which starts
 * `before` ahead of the source), or -1 where constant mode fills. Modes follow
 * `torch.nn.functional.pad`: reflect mirrors without repeating the edge, replicate repeats it,
 * circular wraps around.
 */
function sourceIndex(mode: PadMode, i: number, before: number, size: number): number {
  const j = i - before;
  if (j >= 0 && j < size) return j;
  switch (mode) {
    case 'constant':
      return -1;
    case 'reflect':
      return j < 0 ? -j : 2 * (size - 1) - j;
    case 'replicate':
      return j < 0 ? 0 : size - 1;
    case 'circular':
      return ((j % size) + size) % size;
  }
}

/**
 * Pads every dimension by its `[before, after]` in `mode` (`value` fills in constant mode).
 *
 * @example
 * ```ts
 * const p = pad({ inputs: { x }, attrs: { paddings: [[0, 0], [1, 2]], mode: 'reflect', value: 0 }, backend });
 * ```
 */
export const pad: KernelFunc<'Pad', CpuBackend> = ({
  inputs: { x },
  attrs: { paddings, mode, value },
  output,
  backend,
}) => {
  const src = backend.values(x.dataId);
  const outShape = output.shape;
  const out = backend.allocate(x.dtype, sizeFromShape(outShape));
  if (x.shape.length === 0) {
    out.set(src);
    return backend.makeOutput(out, outShape, x.dtype);
  }
  const inStrides = stridesFromShape(x.shape);
  // Per dimension and output index: the source offset it contributes, or -1 to fill.
  const maps = outShape.map((outSize, d) =>
    Int32Array.from({ length: outSize }, (_, i) => {
      const j = sourceIndex(mode, i, paddings[d][0], x.shape[d]);
      return j < 0 ? -1 : j * inStrides[d];
    }),
  );
  const blocks = stridesFromShape(outShape);
  fill(out, 0, src, 0, maps, blocks, 0, value);
  return backend.makeOutput(out, outShape, x.dtype);
};

/** Writes the output block of dimension `d` starting at `o`, reading source offset `base`. */
function fill(
  out: TypedArray,
  o: number,
  src: TypedArray,
  base: number,
  maps: readonly Int32Array[],
  blocks: readonly number[],
  d: number,
  value: number,
): void {
  const map = maps[d];
  if (d === maps.length - 1) {
    for (let i = 0; i < map.length; i++) out[o + i] = map[i] < 0 ? value : src[base + map[i]];
    return;
  }
  const block = blocks[d];
  for (let i = 0; i < map.length; i++, o += block) {
    if (map[i] < 0) out.fill(value, o, o + block);
    else fill(out, o, src, base + map[i], maps, blocks, d + 1, value);
  }
}
