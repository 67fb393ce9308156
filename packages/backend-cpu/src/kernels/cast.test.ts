import type { DType, TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { cast } from './cast.js';

const backend = new CpuBackend();

function run(values: number[], from: DType, to: DType): { out: TensorInfo; values: number[] } {
  const x = {
    dataId: backend.write(Float64Array.from(values), [values.length], from),
    shape: [values.length],
    dtype: from,
  };
  const out = cast({ inputs: { x }, attrs: { dtype: to }, backend });
  expect(out.dtype).toBe(to);
  return { out, values: [...backend.readSync(out.dataId)] };
}

describe('Cast', () => {
  it('truncates floats toward zero into int32', () => {
    expect(run([1.9, -1.9, 0.5, -0.5], 'float32', 'int32').values).toEqual([1, -1, 0, 0]);
  });

  it('maps nonzero (NaN included) to true and bool to 0/1', () => {
    expect(run([0, -0, 2, Number.NaN, 0.1], 'float64', 'bool').values).toEqual([0, 0, 1, 1, 1]);
    expect(run([0, 7], 'int32', 'bool').values).toEqual([0, 1]);
    expect(run([1, 0], 'bool', 'float32').values).toEqual([1, 0]);
    expect(run([1, 0], 'bool', 'int32').values).toEqual([1, 0]);
  });

  it('rounds float64 to float32 and copies the same dtype', () => {
    expect(run([0.1], 'float64', 'float32').values).toEqual([Math.fround(0.1)]);
    expect(run([0.1], 'float64', 'float64').values).toEqual([0.1]);
    expect(run([3], 'int32', 'float64').values).toEqual([3]);
    const x = { dataId: backend.write(new Int32Array([4]), [], 'int32'), shape: [], dtype: 'int32' as const };
    const copy = cast({ inputs: { x }, attrs: { dtype: 'int32' }, backend });
    expect(copy.dataId).not.toBe(x.dataId);
    expect(copy.shape).toEqual([]);
    expect([...backend.readSync(copy.dataId)]).toEqual([4]);
  });
});
