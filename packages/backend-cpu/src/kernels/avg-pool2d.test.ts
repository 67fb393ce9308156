import { callKernel } from '@strata/core/testing';
import { type AvgPool2dAttrs, type TensorInfo, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { avgPool2d } from './avg-pool2d.js';
import { avgPool2dGrad } from './avg-pool2d-grad.js';

const FLOAT32_TOLERANCE = 1e-6;
const FLOAT64_TOLERANCE = 1e-12;

const backend = new CpuBackend();

function tensor(values: ArrayLike<number>, shape: number[], dtype: 'float32' | 'float64' = 'float32'): TensorInfo {
  return { dataId: backend.write(Float64Array.from(values), shape, dtype), shape, dtype };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function attrs(
  kernel: [number, number],
  stride: [number, number],
  pad: [number, number] = [0, 0],
  options: Partial<AvgPool2dAttrs> = {},
): AvgPool2dAttrs {
  return {
    kernelSize: kernel,
    strides: stride,
    pad,
    ceilMode: false,
    countIncludePad: true,
    divisorOverride: null,
    ...options,
  };
}

function pool(x: TensorInfo, a: AvgPool2dAttrs): number[] {
  return [...backend.readSync(callKernel('AvgPool2d', avgPool2d, { inputs: { x }, attrs: a, backend }).dataId)];
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(
      FLOAT32_TOLERANCE * Math.max(1, Math.abs(expected[i])),
    );
  }
}

describe('AvgPool2d', () => {
  it('averages each window', () => {
    expectClose(pool(tensor(range(16), [1, 1, 4, 4]), attrs([2, 2], [2, 2])), [2.5, 4.5, 10.5, 12.5]);
  });

  it('counts padding in the divisor only with countIncludePad', () => {
    const x = tensor(range(16), [1, 1, 4, 4]);
    // Window (0, 0) covers input cells 0, 1, 4, 5 of a 3x3 window with padding 1.
    expectClose(pool(x, attrs([3, 3], [2, 2], [1, 1])), [10 / 9, 24 / 9, 51 / 9, 90 / 9]);
    expectClose(pool(x, attrs([3, 3], [2, 2], [1, 1], { countIncludePad: false })), [10 / 4, 24 / 6, 51 / 6, 90 / 9]);
  });

  it('divides an overhanging ceil-mode window by its clipped size', () => {
    const x = tensor(range(25), [1, 1, 5, 5]);
    expectClose(pool(x, attrs([2, 2], [2, 2], [0, 0], { ceilMode: true })), [3, 5, 6.5, 13, 15, 16.5, 20.5, 22.5, 24]);
  });

  it('uses divisorOverride when given', () => {
    expectClose(pool(tensor(range(16), [1, 1, 4, 4]), attrs([2, 2], [2, 2], [0, 0], { divisorOverride: 3 })), [
      10 / 3,
      18 / 3,
      42 / 3,
      50 / 3,
    ]);
  });
});

describe('AvgPool2dGrad', () => {
  const cases: AvgPool2dAttrs[] = [
    attrs([2, 2], [2, 2]),
    attrs([3, 3], [1, 1], [1, 1]),
    attrs([3, 2], [2, 1], [1, 0], { countIncludePad: false }),
    attrs([3, 3], [2, 2], [1, 1], { ceilMode: true }),
    attrs([2, 2], [3, 3], [1, 1], { ceilMode: true, countIncludePad: false }),
    attrs([2, 3], [1, 2], [0, 1], { divisorOverride: 5 }),
  ];
  for (const a of cases) {
    it(`is the adjoint of AvgPool2d for ${JSON.stringify(a)}`, () => {
      const shape = [2, 3, 7, 6];
      const size = 2 * 3 * 7 * 6;
      const x = tensor(
        Float64Array.from({ length: size }, (_, i) => uniformAt(1, i)),
        shape,
        'float64',
      );
      const y = callKernel('AvgPool2d', avgPool2d, { inputs: { x }, attrs: a, backend });
      const ySize = y.shape.reduce((s, d) => s * d, 1);
      const dy = tensor(
        Float64Array.from({ length: ySize }, (_, i) => uniformAt(2, i)),
        [...y.shape],
        'float64',
      );
      const dx = callKernel('AvgPool2dGrad', avgPool2dGrad, {
        inputs: { dy },
        attrs: { ...a, inputShape: shape },
        backend,
      });
      expect(dx.shape).toEqual(shape);
      const dot = (p: TensorInfo, q: TensorInfo) => {
        const u = backend.readSync(p.dataId);
        const v = backend.readSync(q.dataId);
        let sum = 0;
        for (let i = 0; i < u.length; i++) sum += u[i] * v[i];
        return sum;
      };
      expect(Math.abs(dot(y, dy) - dot(x, dx))).toBeLessThanOrEqual(FLOAT64_TOLERANCE * size);
    });
  }
});
