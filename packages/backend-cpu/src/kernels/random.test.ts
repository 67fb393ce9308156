import { callKernel } from '@strata/core/testing';
import { integerAt, normalAt, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { random } from './random.js';

const backend = new CpuBackend();

describe('Random', () => {
  it('draws element i from counter i of the shared generator', () => {
    const uniform = callKernel('Random', random, {
      inputs: {},
      attrs: { shape: [2, 3], dtype: 'float64', distribution: 'uniform', seed: 42, low: -2, high: 3 },
      backend,
    });
    expect(uniform.shape).toEqual([2, 3]);
    expect([...backend.readSync(uniform.dataId)]).toEqual(
      Array.from({ length: 6 }, (_, i) => -2 + 5 * uniformAt(42, i)),
    );

    const normal = callKernel('Random', random, {
      inputs: {},
      attrs: { shape: [5], dtype: 'float32', distribution: 'normal', seed: 7, low: 1, high: 0.5 },
      backend,
    });
    expect([...backend.readSync(normal.dataId)]).toEqual(
      Array.from({ length: 5 }, (_, i) => Math.fround(1 + 0.5 * normalAt(7, i))),
    );

    const integer = callKernel('Random', random, {
      inputs: {},
      attrs: { shape: [4], dtype: 'int32', distribution: 'integer', seed: 3, low: -5, high: 5 },
      backend,
    });
    expect(integer.dtype).toBe('int32');
    expect([...backend.readSync(integer.dataId)]).toEqual(Array.from({ length: 4 }, (_, i) => integerAt(3, i, -5, 5)));
  });

  it('draws scalars and empty tensors', () => {
    const scalar = callKernel('Random', random, {
      inputs: {},
      attrs: { shape: [], dtype: 'float32', distribution: 'uniform', seed: 1, low: 0, high: 1 },
      backend,
    });
    expect([...backend.readSync(scalar.dataId)]).toEqual([Math.fround(uniformAt(1, 0))]);
    const empty = callKernel('Random', random, {
      inputs: {},
      attrs: { shape: [0, 4], dtype: 'float32', distribution: 'normal', seed: 1, low: 0, high: 1 },
      backend,
    });
    expect(backend.readSync(empty.dataId).length).toBe(0);
  });
});
