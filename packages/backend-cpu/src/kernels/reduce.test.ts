import { callKernel } from '@strata/core/testing';
import { type DType, type ReduceOp, type TensorInfo, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { reduce } from './reduce.js';

const FLOAT64_TOLERANCE = 1e-12;

const backend = new CpuBackend();

function tensor(values: ArrayLike<number>, shape: number[], dtype: DType = 'float64'): TensorInfo {
  return { dataId: backend.write(Float64Array.from(values), shape, dtype), shape, dtype };
}

function run(op: ReduceOp, x: TensorInfo, axes: number[]): { out: TensorInfo; values: number[] } {
  const out = callKernel('Reduce', reduce, { inputs: { x }, attrs: { op, axes }, backend });
  return { out, values: [...backend.readSync(out.dataId)] };
}

function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** Sum over `axes` by visiting every element with its multi-index. */
function naiveSum(values: ArrayLike<number>, shape: number[], axes: number[]): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const out = new Array<number>(outShape.reduce((s, d) => s * d, 1)).fill(0);
  for (let i = 0; i < values.length; i++) {
    let rest = i;
    const index = shape.map(() => 0);
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    let o = 0;
    shape.forEach((size, d) => {
      if (!axes.includes(d)) o = o * size + index[d];
    });
    out[o] += values[i];
  }
  return out;
}

describe('Reduce', () => {
  const shape = [3, 1, 4, 5, 2];
  const values = Float64Array.from({ length: 120 }, (_, i) => uniformAt(9, i) - 0.5);
  const axisSets = [[0], [2], [4], [0, 2], [2, 3], [0, 4], [1, 3], [0, 1, 2, 3, 4], [1], [0, 2, 4]];
  for (const axes of axisSets) {
    it(`sums axes ${axes} of ${shape} like the naive loop`, () => {
      const r = run('sum', tensor(values, shape), axes);
      expect(r.out.shape).toEqual(shape.filter((_, d) => !axes.includes(d)));
      const expected = naiveSum(values, shape, axes);
      expect(maxAbsDiff(r.values, expected)).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
    });
  }

  it('reduces with max, min, any and all', () => {
    const x = tensor([1, -2, 3, 4, 0, -6], [2, 3]);
    expect(run('max', x, [0]).values).toEqual([4, 0, 3]);
    expect(run('min', x, [1]).values).toEqual([-2, -6]);
    const any = run('any', x, [1]);
    expect(any.out.dtype).toBe('bool');
    expect(any.values).toEqual([1, 1]);
    expect(run('all', x, [1]).values).toEqual([1, 0]);
    expect(run('all', x, [0, 1]).out.shape).toEqual([]);
  });

  it('propagates NaN through max and min', () => {
    const x = tensor([1, Number.NaN, 3, 4], [2, 2]);
    expect(run('max', x, [1]).values).toEqual([Number.NaN, 4]);
    expect(run('min', x, [0]).values).toEqual([1, Number.NaN]);
    expect(run('any', tensor([0, Number.NaN], [2]), [0]).values).toEqual([1]);
  });

  it('gives the identity over an empty dimension and copies over no axes', () => {
    const empty = tensor([], [2, 0]);
    expect(run('sum', empty, [1]).values).toEqual([0, 0]);
    expect(run('all', empty, [1]).values).toEqual([1, 1]);
    expect(run('sum', empty, [0]).out.shape).toEqual([0]);
    const copy = run('sum', tensor([1, 2, 3], [3], 'float32'), []);
    expect(copy.out.dtype).toBe('float32');
    expect(copy.values).toEqual([1, 2, 3]);
    expect(run('max', tensor([7], []), []).values).toEqual([7]);
  });

  it('keeps int32 and wraps like int32', () => {
    const x = tensor([2 ** 30, 2 ** 30, 65536, 65536], [2, 2], 'int32');
    const sum = run('sum', x, [1]);
    expect(sum.out.dtype).toBe('int32');
    expect(sum.values).toEqual([-(2 ** 31), 131072]);
    expect(run('min', tensor([3, -(2 ** 31)], [2], 'int32'), [0]).values).toEqual([-(2 ** 31)]);
  });

  it('reduces bool with max and min', () => {
    const x = tensor([0, 1, 1, 1], [2, 2], 'bool');
    expect(run('min', x, [1]).values).toEqual([0, 1]);
    expect(run('max', x, [0]).values).toEqual([1, 1]);
  });

  it('rounds a float32 sum once', () => {
    const r = run('sum', tensor([0.1, 0.2, 0.3], [3], 'float32'), [0]);
    expect(r.values).toEqual([Math.fround(Math.fround(0.1) + Math.fround(0.2) + Math.fround(0.3))]);
  });
});
