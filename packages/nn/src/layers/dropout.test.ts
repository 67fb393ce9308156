import '@strata/backend-cpu';
import { ArgumentError, manualSeed, ones } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Dropout } from './dropout.js';

describe('Dropout', () => {
  it('in training mode zeroes about p of the elements and scales the rest by 1 / (1 - p)', () => {
    manualSeed(0);
    const drop = new Dropout(0.25);
    const y = drop.forward(ones([20000]));
    const values = [...y.dataSync()];
    const kept = values.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    expect(1 - kept.length / values.length).toBeCloseTo(0.25, 1);
  });

  it('in eval mode passes the input through, and back in training mode drops again', () => {
    const drop = new Dropout(0.5).eval();
    expect(drop.forward(ones([100])).toArray()).toEqual(new Array(100).fill(1));
    drop.train();
    expect([...drop.forward(ones([100])).dataSync()].some((v) => v === 0)).toBe(true);
  });

  it('propagates gradients through the kept elements only', () => {
    const x = ones([1000], { requiresGrad: true });
    const y = new Dropout(0.5).forward(x);
    y.sum().backward();
    expect([...x.grad!.dataSync()]).toEqual([...y.dataSync()]);
  });

  it('p = 0 is the identity and p = 1 zeroes everything', () => {
    expect(new Dropout(0).forward(ones([4])).toArray()).toEqual([1, 1, 1, 1]);
    expect(new Dropout(1).forward(ones([4])).toArray()).toEqual([0, 0, 0, 0]);
  });

  it('validates p', () => {
    expect(() => new Dropout(1.5)).toThrow(new ArgumentError('Dropout: expected a probability p in [0, 1], got 1.5.'));
    expect(() => new Dropout(Number.NaN)).toThrow('Dropout: expected a probability p in [0, 1], got NaN.');
  });
});
