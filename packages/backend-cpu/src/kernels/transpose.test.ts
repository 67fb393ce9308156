import { callKernel } from '@strata/core/testing';
import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { transpose } from './transpose.js';

const backend = new CpuBackend();

function tensor(shape: number[]): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  return {
    dataId: backend.write(
      Int32Array.from({ length: size }, (_, i) => i),
      shape,
      'int32',
    ),
    shape,
    dtype: 'int32',
  };
}

function run(x: TensorInfo, perm: number[]): { shape: readonly number[]; values: number[] } {
  const out = callKernel('Transpose', transpose, { inputs: { x }, attrs: { perm }, backend });
  return { shape: out.shape, values: [...backend.readSync(out.dataId)] };
}

describe('Transpose', () => {
  it('permutes dimensions', () => {
    expect(run(tensor([2, 3]), [1, 0])).toEqual({ shape: [3, 2], values: [0, 3, 1, 4, 2, 5] });
    expect(run(tensor([2, 3, 2]), [2, 0, 1])).toEqual({
      shape: [2, 2, 3],
      values: [0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11],
    });
  });

  it('copies scalars, identities and empty tensors', () => {
    expect(run(tensor([]), [])).toEqual({ shape: [], values: [0] });
    expect(run(tensor([2, 2]), [0, 1])).toEqual({ shape: [2, 2], values: [0, 1, 2, 3] });
    expect(run(tensor([0, 3]), [1, 0])).toEqual({ shape: [3, 0], values: [] });
  });
});
