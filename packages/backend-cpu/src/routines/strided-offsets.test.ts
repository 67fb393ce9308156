import { describe, expect, it } from 'vitest';
import { stridedOffsets } from './strided-offsets.js';

describe('stridedOffsets', () => {
  it('walks a strided view in row-major order', () => {
    expect([...stridedOffsets([2, 3], [1, 2], 0)]).toEqual([0, 2, 4, 1, 3, 5]);
    expect([...stridedOffsets([2, 2, 2], [8, 0, 3], 5)]).toEqual([5, 8, 5, 8, 13, 16, 13, 16]);
  });

  it('handles scalars and empty shapes', () => {
    expect([...stridedOffsets([], [], 4)]).toEqual([4]);
    expect([...stridedOffsets([3, 0], [1, 1], 0)]).toEqual([]);
  });
});
