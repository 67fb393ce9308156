import { callKernel } from '@strata/core/testing';
import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { sliceScatter } from './slice-scatter.js';

const backend = new CpuBackend();

function tensor(values: number[], shape: number[]): TensorInfo {
  return { dataId: backend.write(Int32Array.from(values), shape, 'int32'), shape, dtype: 'int32' };
}

function run(x: TensorInfo, shape: number[], begin: number[], step: number[]): number[] {
  const out = callKernel('SliceScatter', sliceScatter, { inputs: { x }, attrs: { shape, begin, step }, backend });
  expect(out.shape).toEqual(shape);
  expect(out.dtype).toBe('int32');
  return [...backend.readSync(out.dataId)];
}

describe('SliceScatter', () => {
  it('places x at begin + i * step in zeros', () => {
    expect(run(tensor([1, 2, 3, 4], [2, 2]), [4, 5], [0, 1], [3, 2])).toEqual([
      0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0,
    ]);
    expect(run(tensor([7], [1]), [3], [2], [1])).toEqual([0, 0, 7]);
  });

  it('handles scalars and empty inputs', () => {
    expect(run(tensor([7], []), [], [], [])).toEqual([7]);
    expect(run(tensor([], [0, 2]), [2, 2], [0, 0], [1, 1])).toEqual([0, 0, 0, 0]);
  });
});
