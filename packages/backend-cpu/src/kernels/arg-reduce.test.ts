import { callKernel } from '@strata/core/testing';
import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { argReduce } from './arg-reduce.js';

const backend = new CpuBackend();

function tensor(values: number[], shape: number[]): TensorInfo {
  return { dataId: backend.write(Float32Array.from(values), shape, 'float32'), shape, dtype: 'float32' };
}

function run(op: 'argmax' | 'argmin', x: TensorInfo, axis: number): { out: TensorInfo; values: number[] } {
  const out = callKernel('ArgReduce', argReduce, { inputs: { x }, attrs: { op, axis }, backend });
  return { out, values: [...backend.readSync(out.dataId)] };
}

describe('ArgReduce', () => {
  const x = tensor([3, 1, 3, 0, 5, 1, 5, -1], [2, 4]);

  it('gives the first index of the max or min along an axis, as int32', () => {
    const r = run('argmax', x, 1);
    expect(r.out.dtype).toBe('int32');
    expect(r.out.shape).toEqual([2]);
    expect(r.values).toEqual([0, 0]);
    expect(run('argmin', x, 1).values).toEqual([3, 3]);
    expect(run('argmax', x, 0).values).toEqual([1, 0, 1, 0]);
    expect(run('argmin', x, 0).values).toEqual([0, 0, 0, 1]);
  });

  it('treats NaN as both the max and the min', () => {
    const y = tensor([1, Number.NaN, 9, Number.NaN], [4]);
    expect(run('argmax', y, 0).values).toEqual([1]);
    expect(run('argmin', y, 0).values).toEqual([1]);
    expect(run('argmin', tensor([Number.NaN, -1], [2]), 0).values).toEqual([0]);
  });

  it('reduces a 1-D tensor to a scalar and handles infinities', () => {
    const r = run('argmax', tensor([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY], [2]), 0);
    expect(r.out.shape).toEqual([]);
    expect(r.values).toEqual([0]);
    expect(run('argmin', tensor([Number.POSITIVE_INFINITY, 2, Number.NEGATIVE_INFINITY], [3]), 0).values).toEqual([2]);
  });
});
