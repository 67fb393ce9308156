import { describe, expect, it } from 'vitest';
import { broadcastOffsets } from './broadcast-offsets.js';

describe('broadcastOffsets', () => {
  it('gives broadcast dimensions stride 0, aligned on the right', () => {
    expect([...broadcastOffsets([3, 1], [3, 2])]).toEqual([0, 0, 1, 1, 2, 2]);
    expect([...broadcastOffsets([2], [2, 2])]).toEqual([0, 1, 0, 1]);
    expect([...broadcastOffsets([], [2, 2])]).toEqual([0, 0, 0, 0]);
    expect([...broadcastOffsets([2, 2], [2, 2])]).toEqual([0, 1, 2, 3]);
  });
});
