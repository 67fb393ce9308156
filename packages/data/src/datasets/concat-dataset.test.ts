import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../types.js';
import { ConcatDataset } from './concat-dataset.js';

const range = (start: number, length: number): Dataset<number> => ({ length, get: (i) => start + i });

describe('ConcatDataset', () => {
  it('reads the datasets one after the other, skipping empty ones', () => {
    const all = new ConcatDataset([range(0, 3), range(100, 0), range(10, 2), range(100, 0), range(20, 1)]);
    expect(all.length).toBe(6);
    expect(all.cumulativeSizes).toEqual([3, 3, 5, 5, 6]);
    expect(Array.from({ length: all.length }, (_, i) => all.get(i))).toEqual([0, 1, 2, 10, 11, 20]);
  });

  it('validates its datasets and indices', () => {
    expect(() => new ConcatDataset([])).toThrow(
      'ConcatDataset: expected a non-empty array of datasets, got an empty array.',
    );
    expect(() => new ConcatDataset([range(0, 2), null as unknown as Dataset<number>])).toThrow(
      'ConcatDataset: expected datasets[1] to be a Dataset (an integer length >= 0 and a get(index) method), got null.',
    );
    expect(() => new ConcatDataset([range(0, 2)]).get(2)).toThrow(ArgumentError);
  });
});
