import { callKernel } from '@strata/core/testing';
import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { broadcastTo } from './broadcast-to.js';

const backend = new CpuBackend();

function tensor(values: number[], shape: number[]): TensorInfo {
  return { dataId: backend.write(Float32Array.from(values), shape, 'float32'), shape, dtype: 'float32' };
}

function run(x: TensorInfo, shape: number[]): number[] {
  const out = callKernel('BroadcastTo', broadcastTo, { inputs: { x }, attrs: { shape }, backend });
  expect(out.shape).toEqual(shape);
  return [...backend.readSync(out.dataId)];
}

describe('BroadcastTo', () => {
  it('repeats size-1 dimensions', () => {
    expect(run(tensor([1, 2, 3], [3, 1]), [3, 2])).toEqual([1, 1, 2, 2, 3, 3]);
    expect(run(tensor([1, 2], [1, 2]), [2, 2])).toEqual([1, 2, 1, 2]);
    expect(run(tensor([1, 2], [2, 1, 1]), [2, 2, 2])).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('fills from a single element and handles empty targets', () => {
    expect(run(tensor([5], [1, 1]), [2, 3])).toEqual([5, 5, 5, 5, 5, 5]);
    expect(run(tensor([5], []), [])).toEqual([5]);
    expect(run(tensor([1, 2], [1, 2]), [0, 2])).toEqual([]);
  });
});
