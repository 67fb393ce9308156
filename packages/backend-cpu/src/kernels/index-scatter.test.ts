import { callKernel } from '@strata/core/testing';
import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { indexScatter } from './index-scatter.js';

const backend = new CpuBackend();

function info(shape: number[], values: number[], dtype: 'float32' | 'int32' | 'bool' = 'float32'): TensorInfo {
  const data =
    dtype === 'int32'
      ? Int32Array.from(values)
      : dtype === 'bool'
        ? Uint8Array.from(values)
        : Float32Array.from(values);
  return { dataId: backend.write(data, shape, dtype), shape, dtype };
}

function run(x: TensorInfo, picks: number[], values: TensorInfo, axis: number, accumulate: boolean): number[] {
  const indices = info([picks.length], picks, 'int32');
  const out = callKernel('IndexScatter', indexScatter, {
    inputs: { x, indices, values },
    attrs: { axis, accumulate },
    backend,
  });
  expect(out.shape).toEqual(x.shape);
  return [...backend.readSync(out.dataId)];
}

describe('IndexScatter', () => {
  it('copies slices along an axis, the last repeat winning', () => {
    const x = info([3, 2], [0, 1, 2, 3, 4, 5]);
    expect(run(x, [2, 0, 2], info([3, 2], [10, 11, 20, 21, 30, 31]), 0, false)).toEqual([20, 21, 2, 3, 30, 31]);
    expect(run(info([2, 3], [0, 1, 2, 3, 4, 5]), [1], info([2, 1], [7, 8]), 1, false)).toEqual([0, 7, 2, 3, 8, 5]);
  });

  it('adds slices with accumulate, repeats summing', () => {
    const x = info([3], [1, 1, 1]);
    expect(run(x, [0, 2, 0], info([3], [1, 2, 3]), 0, true)).toEqual([5, 1, 3]);
    expect(
      run(info([2, 2, 2], [0, 0, 0, 0, 0, 0, 0, 0]), [1, 1], info([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]), 1, true),
    ).toEqual([0, 0, 4, 6, 0, 0, 12, 14]);
  });

  it('handles int32 and bool tensors and empty index lists', () => {
    expect(run(info([3], [1, 2, 3], 'int32'), [1], info([1], [-5], 'int32'), 0, true)).toEqual([1, -3, 3]);
    expect(run(info([2], [0, 0], 'bool'), [1], info([1], [1], 'bool'), 0, false)).toEqual([0, 1]);
    expect(run(info([2, 3], [0, 1, 2, 3, 4, 5]), [], info([0, 3], []), 0, false)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
