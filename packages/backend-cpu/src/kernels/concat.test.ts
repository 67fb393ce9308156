import { callKernel } from '@strata/core/testing';
import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { concat } from './concat.js';

const backend = new CpuBackend();

function tensor(shape: number[], start: number): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  return {
    dataId: backend.write(
      Float32Array.from({ length: size }, (_, i) => start + i),
      shape,
      'float32',
    ),
    shape,
    dtype: 'float32',
  };
}

function run(xs: TensorInfo[], axis: number): { shape: readonly number[]; values: number[] } {
  const out = callKernel('Concat', concat, { inputs: { xs }, attrs: { axis }, backend });
  return { shape: out.shape, values: [...backend.readSync(out.dataId)] };
}

describe('Concat', () => {
  it('joins along the first, middle and last axis', () => {
    expect(run([tensor([1, 2], 0), tensor([2, 2], 10)], 0)).toEqual({ shape: [3, 2], values: [0, 1, 10, 11, 12, 13] });
    expect(run([tensor([2, 1], 0), tensor([2, 2], 10)], 1)).toEqual({ shape: [2, 3], values: [0, 10, 11, 1, 12, 13] });
    expect(run([tensor([2, 1, 2], 0), tensor([2, 2, 2], 10)], 1).values).toEqual([
      0, 1, 10, 11, 12, 13, 2, 3, 14, 15, 16, 17,
    ]);
  });

  it('copies long blocks and skips empty inputs', () => {
    const r = run([tensor([2, 100], 0), tensor([2, 0], 0), tensor([2, 1], 1000)], 1);
    expect(r.shape).toEqual([2, 101]);
    expect(r.values[0]).toBe(0);
    expect(r.values[100]).toBe(1000);
    expect(r.values[101]).toBe(100);
    expect(r.values[201]).toBe(1001);
  });
});
