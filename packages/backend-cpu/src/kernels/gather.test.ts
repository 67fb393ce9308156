import { callKernel } from '@strata/core/testing';
import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { gather } from './gather.js';

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

function indices(values: number[]): TensorInfo {
  return {
    dataId: backend.write(Int32Array.from(values), [values.length], 'int32'),
    shape: [values.length],
    dtype: 'int32',
  };
}

function run(x: TensorInfo, picks: number[], axis: number): { shape: readonly number[]; values: number[] } {
  const out = callKernel('Gather', gather, { inputs: { x, indices: indices(picks) }, attrs: { axis }, backend });
  return { shape: out.shape, values: [...backend.readSync(out.dataId)] };
}

describe('Gather', () => {
  it('selects along an axis, repeating and reordering', () => {
    expect(run(tensor([3, 2]), [2, 0, 2], 0)).toEqual({ shape: [3, 2], values: [4, 5, 0, 1, 4, 5] });
    expect(run(tensor([2, 3]), [1], 1)).toEqual({ shape: [2, 1], values: [1, 4] });
    expect(run(tensor([2, 2, 2]), [1, 0], 1).values).toEqual([2, 3, 0, 1, 6, 7, 4, 5]);
  });

  it('handles empty index lists', () => {
    expect(run(tensor([2, 3]), [], 1)).toEqual({ shape: [2, 0], values: [] });
  });
});
