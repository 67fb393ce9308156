import { computeConv2dInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu-backend.js';
import { packChannels, packLastAxis, packWindowRows } from './pack-rows.js';

const backend = new GpuBackend('gpu-pack-test');
const iota = (shape: number[]) => {
  const size = shape.reduce((a, b) => a * b, 1);
  const dataId = backend.write(
    Float32Array.from({ length: size }, (_, i) => i + 1),
    shape,
    'float32',
  );
  return { dataId, shape, dtype: 'float32' as const };
};
const texels = (info: { dataId: object }) => {
  const v = Array.from(backend.readSync(info.dataId));
  return Array.from({ length: v.length / 4 }, (_, i) => v.slice(4 * i, 4 * i + 4));
};

describe('packed layouts', () => {
  it('packLastAxis: 4 consecutive elements per texel, zero past the row', () => {
    const packed = packLastAxis(backend, iota([2, 5]));
    expect(packed.shape).toEqual([4, 4]);
    expect(texels(packed)).toEqual([
      [1, 2, 3, 4],
      [5, 0, 0, 0],
      [6, 7, 8, 9],
      [10, 0, 0, 0],
    ]);
  });

  it('packChannels: 4 channels of a group per texel at each position, zero past the group', () => {
    // [1, 6 channels, 2 positions] in 2 groups of 3 channels.
    expect(texels(packChannels(backend, iota([1, 6, 2]), 2))).toEqual([
      [1, 3, 5, 0],
      [2, 4, 6, 0],
      [7, 9, 11, 0],
      [8, 10, 12, 0],
    ]);
  });

  it('packWindowRows: the cells (h, w + j * step) of the zero-padded image', () => {
    const x = iota([1, 1, 2, 3]);
    const info = computeConv2dInfo(x.shape, [1, 1, 1, 2], {
      strides: [1, 2],
      pad: [1, 1, 0, 0],
      dilations: [1, 1],
      groups: 1,
    });
    const { packed, height, width } = packWindowRows(backend, x, info, 2);
    expect([height, width]).toEqual([4, 3]);
    expect(texels(packed)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1, 3, 0, 0],
      [2, 0, 0, 0],
      [3, 0, 0, 0],
      [4, 6, 0, 0],
      [5, 0, 0, 0],
      [6, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });
});
