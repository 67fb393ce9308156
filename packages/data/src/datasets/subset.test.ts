import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../types.js';
import { Subset } from './subset.js';

const letters: Dataset<string> = { length: 5, get: (i) => 'abcde'[i]! };

describe('Subset', () => {
  it('maps its indices into the dataset, in order', () => {
    const subset = new Subset(letters, [4, 0, 2, 2]);
    expect(subset.length).toBe(4);
    expect(Array.from({ length: subset.length }, (_, i) => subset.get(i)).join('')).toBe('eacc');
    expect(new Subset(letters, new Int32Array([1, 3])).indices).toEqual([1, 3]);
    expect(new Subset(letters, []).length).toBe(0);
  });

  it('keeps its own copy of the indices', () => {
    const indices = [1, 2];
    const subset = new Subset(letters, indices);
    indices[0] = 4;
    expect(subset.get(0)).toBe('b');
    expect(Object.isFrozen(subset.indices)).toBe(true);
  });

  it('validates the dataset and every index up front', () => {
    expect(() => new Subset(letters, [0, 5])).toThrow(
      "Subset: expected every index in [0, 5) (the dataset's length), got 5 at position 1.",
    );
    expect(() => new Subset(letters, [0.5])).toThrow(ArgumentError);
    expect(() => new Subset({ length: 3 } as unknown as Dataset<string>, [0])).toThrow(
      'Subset: expected the dataset to be a Dataset (an integer length >= 0 and a get(index) method), got an object with keys [length].',
    );
    expect(() => new Subset(letters, 3 as unknown as number[])).toThrow(
      /expected indices to be an array of integers, got 3/,
    );
    expect(() => new Subset(letters, [1]).get(1)).toThrow('Subset.get: expected an integer index in [0, 1), got 1.');
  });
});
