import { describe, expect, it } from 'vitest';
import { collapseBroadcast } from './collapse-broadcast.js';
import { broadcastOffsets } from './broadcast-offsets.js';

/** The operand offsets the collapsed strides give, in output order. */
function offsets(dims: readonly number[], strides: readonly number[]): number[] {
  const out: number[] = [];
  for (let i0 = 0; i0 < dims[0]!; i0++)
    for (let i1 = 0; i1 < dims[1]!; i1++)
      for (let i2 = 0; i2 < dims[2]!; i2++) out.push(i0 * strides[0]! + i1 * strides[1]! + i2 * strides[2]!);
  return out;
}

describe('collapseBroadcast', () => {
  const cases: [number[], number[], number[]][] = [
    [
      [8, 3, 5, 5],
      [1, 3, 1, 1],
      [8, 3, 5, 5],
    ],
    [
      [1, 3, 1, 1],
      [8, 3, 5, 5],
      [8, 3, 5, 5],
    ],
    [[4, 6], [6], [4, 6]],
    [
      [4, 1],
      [4, 6],
      [4, 6],
    ],
    [
      [2, 3, 4],
      [2, 3, 4],
      [2, 3, 4],
    ],
    [[2, 3, 4], [1], [2, 3, 4]],
    [
      [5, 1, 7],
      [1, 6, 1],
      [5, 6, 7],
    ],
    [
      [1, 1, 3],
      [2, 1, 1],
      [2, 1, 3],
    ],
  ];
  for (const [a, b, out] of cases) {
    it(`visits the same elements as the offset tables for [${a}] and [${b}]`, () => {
      const collapsed = collapseBroadcast(a, b, out);
      expect(collapsed).toBeDefined();
      const { dims, aStrides, bStrides } = collapsed!;
      expect(dims[0] * dims[1] * dims[2]).toBe(out.reduce((s, d) => s * d, 1));
      expect([0, 1]).toContain(aStrides[2]);
      expect([0, 1]).toContain(bStrides[2]);
      expect(offsets(dims, aStrides)).toEqual([...broadcastOffsets(a, out)]);
      expect(offsets(dims, bStrides)).toEqual([...broadcastOffsets(b, out)]);
    });
  }

  it('gives up on more than three alternating runs', () => {
    expect(collapseBroadcast([2, 1, 3, 1], [1, 4, 1, 5], [2, 4, 3, 5])).toBeUndefined();
  });
});
