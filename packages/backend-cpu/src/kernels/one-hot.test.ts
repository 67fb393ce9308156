import { callKernel } from '@strata/core/testing';
import type { DType } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { oneHot } from './one-hot.js';

const backend = new CpuBackend();

function run(values: number[], shape: number[], depth: number, dtype: DType) {
  const indices = { dataId: backend.write(Int32Array.from(values), shape, 'int32'), shape, dtype: 'int32' as const };
  const out = callKernel('OneHot', oneHot, { inputs: { indices }, attrs: { depth, dtype }, backend });
  expect(out.dtype).toBe(dtype);
  return { shape: out.shape, values: [...backend.readSync(out.dataId)] };
}

describe('OneHot', () => {
  it('puts a 1 at each index along a new last dimension', () => {
    expect(run([2, 0, 1, 2], [2, 2], 3, 'float32')).toEqual({
      shape: [2, 2, 3],
      values: [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1],
    });
    expect(run([1], [], 2, 'int32')).toEqual({ shape: [2], values: [0, 1] });
  });

  it('leaves out-of-range rows at zero', () => {
    expect(run([-1, 3], [2], 3, 'bool').values).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
