import { callKernel } from '@strata/core/testing';
import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { slice } from './slice.js';

const backend = new CpuBackend();

function tensor(shape: number[]): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  return {
    dataId: backend.write(
      Float32Array.from({ length: size }, (_, i) => i),
      shape,
      'float32',
    ),
    shape,
    dtype: 'float32',
  };
}

function run(x: TensorInfo, begin: number[], size: number[], step: number[]): number[] {
  const out = callKernel('Slice', slice, { inputs: { x }, attrs: { begin, size, step }, backend });
  expect(out.shape).toEqual(size);
  return [...backend.readSync(out.dataId)];
}

describe('Slice', () => {
  it('takes size elements from begin with step in every dimension', () => {
    expect(run(tensor([4, 5]), [1, 1], [2, 3], [1, 1])).toEqual([6, 7, 8, 11, 12, 13]);
    expect(run(tensor([4, 5]), [0, 1], [2, 2], [3, 2])).toEqual([1, 3, 16, 18]);
    expect(run(tensor([10]), [9], [1], [5])).toEqual([9]);
  });

  it('handles scalars and empty slices', () => {
    expect(run(tensor([]), [], [], [])).toEqual([0]);
    expect(run(tensor([3, 3]), [1, 0], [0, 3], [1, 1])).toEqual([]);
  });
});
