import { callKernel } from '@strata/core/testing';
import type { MaxPool2dAttrs, TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { maxPool2d } from './max-pool2d.js';
import { maxPool2dGrad } from './max-pool2d-grad.js';

const backend = new CpuBackend();

function tensor(values: number[], shape: number[]): TensorInfo {
  return { dataId: backend.write(Float32Array.from(values), shape, 'float32'), shape, dtype: 'float32' };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function attrs(kernel: number, stride: number, pad = 0, dilation = 1, ceilMode = false): MaxPool2dAttrs {
  return {
    kernelSize: [kernel, kernel],
    strides: [stride, stride],
    pad: [pad, pad],
    dilations: [dilation, dilation],
    ceilMode,
  };
}

function pool(x: TensorInfo, a: MaxPool2dAttrs): { shape: readonly number[]; values: number[]; indices: number[] } {
  const [values, indices] = callKernel('MaxPool2d', maxPool2d, { inputs: { x }, attrs: a, backend });
  expect(indices.dtype).toBe('int32');
  expect(indices.shape).toEqual(values.shape);
  return {
    shape: values.shape,
    values: [...backend.readSync(values.dataId)],
    indices: [...backend.readSync(indices.dataId)],
  };
}

describe('MaxPool2d', () => {
  it('takes the max of each window and records its flat h * W + w index', () => {
    expect(pool(tensor(range(16), [1, 1, 4, 4]), attrs(2, 2))).toEqual({
      shape: [1, 1, 2, 2],
      values: [5, 7, 13, 15],
      indices: [5, 7, 13, 15],
    });
    const reversed = pool(tensor(range(16).reverse(), [1, 1, 4, 4]), attrs(2, 2));
    expect(reversed.values).toEqual([15, 13, 7, 5]);
    expect(reversed.indices).toEqual([0, 2, 8, 10]);
  });

  it('indexes within each plane of a batch of channels', () => {
    const r = pool(tensor(range(32), [2, 1, 4, 4]), attrs(2, 2));
    expect(r.values).toEqual([5, 7, 13, 15, 21, 23, 29, 31]);
    expect(r.indices).toEqual([5, 7, 13, 15, 5, 7, 13, 15]);
  });

  it('lets the last window hang over the edge in ceil mode', () => {
    const r = pool(tensor(range(25), [1, 1, 5, 5]), attrs(2, 2, 0, 1, true));
    expect(r.shape).toEqual([1, 1, 3, 3]);
    expect(r.values).toEqual([6, 8, 9, 16, 18, 19, 21, 23, 24]);
    expect(r.indices).toEqual(r.values);
  });

  it('never lets padding win, even over negative values', () => {
    expect(pool(tensor(range(16), [1, 1, 4, 4]), attrs(3, 2, 1)).values).toEqual([5, 7, 13, 15]);
    const r = pool(tensor([-5, -6, -7, -8], [1, 1, 2, 2]), attrs(2, 1, 1));
    expect(r.values).toEqual([-5, -5, -6, -5, -5, -6, -7, -7, -8]);
    expect(r.indices).toEqual([0, 0, 1, 0, 0, 1, 2, 2, 3]);
  });

  it('supports dilation', () => {
    const r = pool(tensor(range(25), [1, 1, 5, 5]), attrs(2, 1, 0, 2));
    expect(r.values).toEqual([12, 13, 14, 17, 18, 19, 22, 23, 24]);
  });

  it('lets NaN win, as PyTorch', () => {
    const r = pool(tensor([1, Number.NaN, 3, 2], [1, 1, 2, 2]), attrs(2, 2));
    expect(r.values[0]).toBeNaN();
    expect(r.indices).toEqual([1]);
  });

  it('handles an empty batch', () => {
    expect(pool(tensor([], [0, 3, 4, 4]), attrs(2, 2)).shape).toEqual([0, 3, 2, 2]);
  });
});

describe('MaxPool2dGrad', () => {
  it('sends each gradient to its winner, summing shared winners', () => {
    const x = tensor([0, 1, 0, 1, 9, 1, 0, 1, 0], [1, 1, 3, 3]);
    const a = attrs(2, 1);
    const [, indices] = callKernel('MaxPool2d', maxPool2d, { inputs: { x }, attrs: a, backend });
    const dy = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
    const dx = callKernel('MaxPool2dGrad', maxPool2dGrad, {
      inputs: { dy, indices },
      attrs: { ...a, inputShape: x.shape },
      backend,
    });
    expect(dx.shape).toEqual([1, 1, 3, 3]);
    expect([...backend.readSync(dx.dataId)]).toEqual([0, 0, 0, 0, 10, 0, 0, 0, 0]);
  });

  it('scatters per plane', () => {
    const x = tensor(range(32), [1, 2, 4, 4]);
    const a = attrs(2, 2);
    const [, indices] = callKernel('MaxPool2d', maxPool2d, { inputs: { x }, attrs: a, backend });
    const dy = tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
    const dx = [
      ...backend.readSync(
        callKernel('MaxPool2dGrad', maxPool2dGrad, {
          inputs: { dy, indices },
          attrs: { ...a, inputShape: x.shape },
          backend,
        }).dataId,
      ),
    ];
    const expected = new Array<number>(32).fill(0);
    [5, 7, 13, 15].forEach((i, k) => {
      expected[i] = k + 1;
      expected[16 + i] = k + 5;
    });
    expect(dx).toEqual(expected);
  });
});
