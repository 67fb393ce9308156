import type { DType, TensorInfo, UnaryOp } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { unary } from './unary.js';

const FLOAT64_TOLERANCE = 1e-15;

const backend = new CpuBackend();

function run(
  op: UnaryOp,
  values: number[],
  dtype: DType = 'float64',
  shape = [values.length],
): { out: TensorInfo; values: number[] } {
  const x = { dataId: backend.write(Float64Array.from(values), shape, dtype), shape, dtype };
  const out = unary({ inputs: { x }, attrs: { op }, backend });
  return { out, values: [...backend.readSync(out.dataId)] };
}

describe('Unary', () => {
  it('computes the elementary functions', () => {
    expect(run('neg', [1, -2, 0]).values).toEqual([-1, 2, -0]);
    expect(run('abs', [-1.5, 2]).values).toEqual([1.5, 2]);
    expect(run('exp', [0, 1]).values).toEqual([1, Math.E]);
    expect(run('log', [1, 0, -1]).values).toEqual([0, Number.NEGATIVE_INFINITY, Number.NaN]);
    expect(run('sqrt', [4, 2]).values).toEqual([2, Math.SQRT2]);
    expect(run('tanh', [0, 100]).values).toEqual([0, 1]);
    expect(run('floor', [-1.5, 1.5]).values).toEqual([-2, 1]);
    expect(run('ceil', [-1.5, 1.5]).values).toEqual([-1, 2]);
  });

  it('keeps NaN through relu and maps it to 0 through sign, as PyTorch', () => {
    expect(run('relu', [-1, 0, 2, Number.NaN]).values).toEqual([0, 0, 2, Number.NaN]);
    expect(run('sign', [-3, 0, 2, Number.NaN]).values).toEqual([-1, 0, 1, 0]);
  });

  it('computes sigmoid stably for large |x|', () => {
    const [a, b, c, d] = run('sigmoid', [0, 800, -800, -40]).values;
    expect([a, b, c]).toEqual([0.5, 1, 0]);
    expect(Math.abs(d - Math.exp(-40)) / Math.exp(-40)).toBeLessThanOrEqual(FLOAT64_TOLERANCE * 10);
  });

  it('rounds halves to even, as torch.round', () => {
    expect(run('round', [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6, 1e20]).values).toEqual([
      0, 2, 2, -0, -2, -2, 2, -3, 1e20,
    ]);
  });

  it('gives bool for logicalNot, counting NaN as true', () => {
    const r = run('logicalNot', [0, 2, Number.NaN]);
    expect(r.out.dtype).toBe('bool');
    expect(r.values).toEqual([1, 0, 0]);
  });

  it('rounds float32 results and wraps int32', () => {
    const r = run('exp', [1], 'float32');
    expect(r.out.dtype).toBe('float32');
    expect(r.values).toEqual([Math.fround(Math.E)]);
    expect(run('neg', [-(2 ** 31), 5], 'int32').values).toEqual([-(2 ** 31), -5]);
    expect(run('abs', [-(2 ** 31), -5], 'int32').values).toEqual([-(2 ** 31), 5]);
  });

  it('keeps the shape of scalars and empty tensors', () => {
    expect(run('neg', [3], 'float32', []).out.shape).toEqual([]);
    expect(run('neg', [], 'float32', [2, 0]).out.shape).toEqual([2, 0]);
  });
});
