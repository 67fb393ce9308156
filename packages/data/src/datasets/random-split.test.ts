import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../types.js';
import { randomSplit } from './random-split.js';
import type { Subset } from './subset.js';

const range = (length: number): Dataset<number> => ({ length, get: (i) => i });
const items = (subset: Subset<number>) => Array.from({ length: subset.length }, (_, i) => subset.get(i));

describe('randomSplit', () => {
  it('partitions the dataset into subsets of the given counts', () => {
    const parts = randomSplit(range(100), [70, 20, 10], { seed: 1 });
    expect(parts.map((p) => p.length)).toEqual([70, 20, 10]);
    const all = parts.flatMap(items).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(items(parts[0]!)).not.toEqual(Array.from({ length: 70 }, (_, i) => i));
  });

  it('floors fractions and hands the remainder out from the first split on, like PyTorch', () => {
    expect(randomSplit(range(10), [0.5, 0.3, 0.2], { seed: 0 }).map((p) => p.length)).toEqual([5, 3, 2]);
    expect(randomSplit(range(11), [1 / 3, 1 / 3, 1 / 3], { seed: 0 }).map((p) => p.length)).toEqual([4, 4, 3]);
    expect(randomSplit(range(5), [0.7, 0.2, 0.1], { seed: 0 }).map((p) => p.length)).toEqual([4, 1, 0]);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const a = randomSplit(range(50), [0.8, 0.2], { seed: 42 }).map(items);
    const b = randomSplit(range(50), [0.8, 0.2], { seed: 42 }).map(items);
    const c = randomSplit(range(50), [0.8, 0.2], { seed: 43 }).map(items);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('explains bad lengths and seeds', () => {
    expect(() => randomSplit(range(100), [50, 40], { seed: 0 })).toThrow(
      "randomSplit: expected lengths to be counts summing to the dataset's length (100) or fractions summing to 1, got [50,40] (sum 90).",
    );
    expect(() => randomSplit(range(10), [0.5, 0.6], { seed: 0 })).toThrow(ArgumentError);
    expect(() => randomSplit(range(10), [], { seed: 0 })).toThrow(
      /non-empty array of counts or fractions >= 0, got \[\]/,
    );
    expect(() => randomSplit(range(10), [-1, 11], { seed: 0 })).toThrow(ArgumentError);
    expect(() => randomSplit(range(10), [5, 5], {} as { seed: number })).toThrow(
      'randomSplit: expected options.seed to be an integer, got undefined; pass { seed: 42 } so the split is reproducible.',
    );
  });
});
