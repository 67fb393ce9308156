import type { DType, TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { where } from './where.js';

const backend = new CpuBackend();

function tensor(values: number[], shape: number[], dtype: DType): TensorInfo {
  return { dataId: backend.write(Float64Array.from(values), shape, dtype), shape, dtype };
}

describe('Where', () => {
  it('picks elementwise when all shapes match', () => {
    const out = where({
      inputs: {
        condition: tensor([1, 0, 1], [3], 'bool'),
        a: tensor([1, 2, 3], [3], 'int32'),
        b: tensor([7, 8, 9], [3], 'int32'),
      },
      attrs: {},
      backend,
    });
    expect(out.dtype).toBe('int32');
    expect([...backend.readSync(out.dataId)]).toEqual([1, 8, 3]);
  });

  it('broadcasts all three inputs', () => {
    const out = where({
      inputs: {
        condition: tensor([1, 0], [2, 1], 'bool'),
        a: tensor([1, 2, 3], [3], 'float32'),
        b: tensor([-1], [], 'float32'),
      },
      attrs: {},
      backend,
    });
    expect(out.shape).toEqual([2, 3]);
    expect([...backend.readSync(out.dataId)]).toEqual([1, 2, 3, -1, -1, -1]);
  });
});
