import '@strata/backend-cpu';
import { ArgumentError, arange, memory, ShapeError, tensor, tidy, zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { TensorDataset } from './tensor-dataset.js';

describe('TensorDataset', () => {
  it('returns the i-th slices along dimension 0 as a tuple', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const y = arange(3);
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(3);
    const [xi, yi] = ds.get(1);
    expect(xi.shape).toEqual([2]);
    expect(xi.toArray()).toEqual([3, 4]);
    expect(yi.shape).toEqual([]);
    expect(yi.item()).toBe(1);
  });

  it('leaves only the returned slices alive', () => {
    const ds = new TensorDataset(zeros([4, 2, 3]));
    const before = memory().numTensors;
    const [slice] = ds.get(3);
    expect(slice.shape).toEqual([2, 3]);
    expect(memory().numTensors).toBe(before + 1);
    tidy(() => {
      ds.get(0);
    });
    expect(memory().numTensors).toBe(before + 1);
  });

  it('validates its tensors and indices', () => {
    expect(() => new TensorDataset()).toThrow(ArgumentError);
    expect(() => new TensorDataset(tensor(3))).toThrow(
      /expected tensor 0 to have a first \(sample\) dimension, got a scalar/,
    );
    expect(() => new TensorDataset(zeros([4, 2]), zeros([5]))).toThrow(ShapeError);
    expect(() => new TensorDataset(zeros([4, 2]), zeros([5]))).toThrow(
      'TensorDataset: expected every tensor to have 4 samples along dimension 0 (like tensor 0, [4, 2]), got [5] for tensor 1.',
    );
    const ds = new TensorDataset(zeros([4]));
    expect(() => ds.get(4)).toThrow('TensorDataset.get: expected an integer index in [0, 4), got 4.');
    expect(() => ds.get(-1)).toThrow(ArgumentError);
    expect(() => ds.get(1.5)).toThrow(ArgumentError);
  });
});
