import { callKernel } from '@strata/core/testing';
import type { DType, PadMode, TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { pad } from './pad.js';

const backend = new CpuBackend();

function tensor(values: number[], shape: number[], dtype: DType = 'float32'): TensorInfo {
  return { dataId: backend.write(Float64Array.from(values), shape, dtype), shape, dtype };
}

function run(
  x: TensorInfo,
  paddings: [number, number][],
  mode: PadMode,
  value = 0,
): { shape: readonly number[]; values: number[] } {
  const out = callKernel('Pad', pad, { inputs: { x }, attrs: { paddings, mode, value }, backend });
  return { shape: out.shape, values: [...backend.readSync(out.dataId)] };
}

describe('Pad', () => {
  const x = tensor([1, 2, 3], [3]);

  it('pads 1-D in each mode as torch.nn.functional.pad', () => {
    expect(run(x, [[2, 2]], 'constant', 9).values).toEqual([9, 9, 1, 2, 3, 9, 9]);
    expect(run(x, [[2, 2]], 'reflect').values).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(run(x, [[2, 2]], 'replicate').values).toEqual([1, 1, 1, 2, 3, 3, 3]);
    expect(run(x, [[2, 2]], 'circular').values).toEqual([2, 3, 1, 2, 3, 1, 2]);
    expect(run(x, [[3, 1]], 'circular').values).toEqual([1, 2, 3, 1, 2, 3, 1]);
    expect(run(x, [[0, 1]], 'reflect').values).toEqual([1, 2, 3, 2]);
  });

  it('pads 2-D per dimension', () => {
    const y = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(
      run(
        y,
        [
          [1, 0],
          [0, 2],
        ],
        'reflect',
      ),
    ).toEqual({ shape: [3, 5], values: [4, 5, 6, 5, 4, 1, 2, 3, 2, 1, 4, 5, 6, 5, 4] });
    expect(
      run(
        y,
        [
          [1, 1],
          [1, 0],
        ],
        'replicate',
      ).values,
    ).toEqual([1, 1, 2, 3, 1, 1, 2, 3, 4, 4, 5, 6, 4, 4, 5, 6]);
    expect(
      run(
        y,
        [
          [0, 1],
          [2, 1],
        ],
        'circular',
      ).values,
    ).toEqual([2, 3, 1, 2, 3, 1, 5, 6, 4, 5, 6, 4, 2, 3, 1, 2, 3, 1]);
    expect(
      run(
        y,
        [
          [1, 0],
          [0, 1],
        ],
        'constant',
        -1,
      ).values,
    ).toEqual([-1, -1, -1, -1, 1, 2, 3, -1, 4, 5, 6, -1]);
  });

  it('keeps dtype, copies with no padding, and handles scalars and empty inputs', () => {
    const ints = run(
      tensor([1, 2], [1, 2], 'int32'),
      [
        [0, 0],
        [1, 1],
      ],
      'constant',
      7,
    );
    expect(ints.values).toEqual([7, 1, 2, 7]);
    expect(run(x, [[0, 0]], 'reflect').values).toEqual([1, 2, 3]);
    expect(run(tensor([5], []), [], 'constant')).toEqual({ shape: [], values: [5] });
    expect(
      run(
        tensor([], [0, 2]),
        [
          [1, 1],
          [0, 0],
        ],
        'constant',
        3,
      ),
    ).toEqual({ shape: [2, 2], values: [3, 3, 3, 3] });
  });
});
