import '@strata/backend-cpu';
import { arange, ArgumentError, zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Flatten } from './flatten.js';

describe('Flatten', () => {
  it('keeps the batch dimension by default and flattens the rest', () => {
    expect(new Flatten().forward(zeros([2, 16, 5, 5])).shape).toEqual([2, 400]);
    expect(new Flatten(0, 2).forward(zeros([2, 3, 4, 5])).shape).toEqual([24, 5]);
    expect(new Flatten(-3, -2).forward(zeros([2, 3, 4, 5])).shape).toEqual([2, 12, 5]);
  });

  it('keeps the row-major order of the values and their gradient', () => {
    const x = arange(24).reshape([2, 3, 4]);
    expect(new Flatten().forward(x).toArray()).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
    ]);
    const w = zeros([2, 3, 4], { requiresGrad: true });
    new Flatten().forward(w).sum().backward();
    expect(w.grad!.shape).toEqual([2, 3, 4]);
  });

  it('validates its dimensions', () => {
    expect(() => new Flatten(1.5)).toThrow(
      new ArgumentError('Flatten: expected integer startDim and endDim, got 1.5 and -1.'),
    );
    expect(() => new Flatten(2, 1).forward(zeros([2, 3, 4]))).toThrow(
      'flatten: expected startDim <= endDim, got 2 and 1.',
    );
  });
});
