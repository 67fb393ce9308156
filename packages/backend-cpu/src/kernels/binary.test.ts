import type { BinaryOp, DType, TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { binary } from './binary.js';

const backend = new CpuBackend();

function tensor(values: number[], shape: number[], dtype: DType = 'float32'): TensorInfo {
  return { dataId: backend.write(Float64Array.from(values), shape, dtype), shape, dtype };
}

function run(op: BinaryOp, a: TensorInfo, b: TensorInfo): { out: TensorInfo; values: number[] } {
  const out = binary({ inputs: { a, b }, attrs: { op }, backend });
  return { out, values: [...backend.readSync(out.dataId)] };
}

describe('Binary', () => {
  it('broadcasts [3, 1] with [4]', () => {
    const r = run('sub', tensor([10, 20, 30], [3, 1]), tensor([1, 2, 3, 4], [4]));
    expect(r.out.shape).toEqual([3, 4]);
    expect(r.values).toEqual([9, 8, 7, 6, 19, 18, 17, 16, 29, 28, 27, 26]);
  });

  it('broadcasts middle dimensions both ways', () => {
    const r = run('mul', tensor([1, 2, 3, 4], [2, 1, 2]), tensor([1, 10, 100], [1, 3, 1]));
    expect(r.out.shape).toEqual([2, 3, 2]);
    expect(r.values).toEqual([1, 2, 10, 20, 100, 200, 3, 4, 30, 40, 300, 400]);
  });

  it('takes the scalar fast paths on either side, rank 0 or not', () => {
    expect(run('div', tensor([2, 4], [2]), tensor([2], [])).values).toEqual([1, 2]);
    expect(run('div', tensor([8], [1, 1]), tensor([2, 4], [2])).values).toEqual([4, 2]);
    const scalar = run('add', tensor([1], []), tensor([2], []));
    expect(scalar.out.shape).toEqual([]);
    expect(scalar.values).toEqual([3]);
  });

  it('handles empty tensors', () => {
    const r = run('add', tensor([], [0, 3]), tensor([1, 2, 3], [3]));
    expect(r.out.shape).toEqual([0, 3]);
    expect(r.values).toEqual([]);
  });

  it('rounds float32 results once per element', () => {
    expect(run('add', tensor([0.1], [1]), tensor([0.2], [1])).values).toEqual([
      Math.fround(Math.fround(0.1) + Math.fround(0.2)),
    ]);
    expect(run('add', tensor([0.1], [1], 'float64'), tensor([0.2], [1], 'float64')).values).toEqual([0.1 + 0.2]);
  });

  it('wraps int32 arithmetic', () => {
    const big = tensor([2 ** 31 - 1, 65536, -(2 ** 31)], [3], 'int32');
    const two = tensor([1, 65536, 1], [3], 'int32');
    expect(run('add', big, two).values).toEqual([-(2 ** 31), 131072, -(2 ** 31) + 1]);
    expect(run('sub', tensor([-(2 ** 31)], [1], 'int32'), tensor([1], [1], 'int32')).values).toEqual([2 ** 31 - 1]);
    expect(
      run('mul', tensor([65537, 123456789], [2], 'int32'), tensor([65537, 987654321], [2], 'int32')).values,
    ).toEqual([131073, Math.imul(123456789, 987654321)]);
  });

  it('raises int32 to integer powers, wrapping, and floats with C pow', () => {
    const base = tensor([3, 2, 7, 1, -1, 2], [6], 'int32');
    const exponent = tensor([4, 31, 20, -3, -3, -1], [6], 'int32');
    expect(run('pow', base, exponent).values).toEqual([81, -(2 ** 31), Math.imul(7 ** 10, 7 ** 10), 1, -1, 0]);
    const f = run('pow', tensor([2, 1, -1, 4], [4]), tensor([0.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5], [4]));
    expect(f.values).toEqual([Math.fround(Math.SQRT2), 1, 1, 0.5]);
  });

  it('propagates NaN through maximum and minimum', () => {
    const a = tensor([1, Number.NaN, 3], [3]);
    const b = tensor([2, 0, Number.NaN], [3]);
    expect(run('maximum', a, b).values).toEqual([2, Number.NaN, Number.NaN]);
    expect(run('minimum', a, b).values).toEqual([1, Number.NaN, Number.NaN]);
  });

  it('gives bool for comparisons and logic', () => {
    const a = tensor([1, 2, 3, Number.NaN], [4]);
    const b = tensor([2], []);
    const cases: [BinaryOp, number[]][] = [
      ['eq', [0, 1, 0, 0]],
      ['ne', [1, 0, 1, 1]],
      ['lt', [1, 0, 0, 0]],
      ['le', [1, 1, 0, 0]],
      ['gt', [0, 0, 1, 0]],
      ['ge', [0, 1, 1, 0]],
    ];
    for (const [op, expected] of cases) {
      const r = run(op, a, b);
      expect(r.out.dtype).toBe('bool');
      expect(r.values).toEqual(expected);
    }
    const p = tensor([1, 1, 0, 0], [4], 'bool');
    const q = tensor([1, 0, 1, 0], [4], 'bool');
    expect(run('logicalAnd', p, q).values).toEqual([1, 0, 0, 0]);
    expect(run('logicalOr', p, q).values).toEqual([1, 1, 1, 0]);
    expect(run('logicalAnd', tensor([Number.NaN, 0], [2]), tensor([1, 1], [2])).values).toEqual([1, 0]);
  });
});
