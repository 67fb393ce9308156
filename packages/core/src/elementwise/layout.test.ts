import { describe, expect, it } from 'vitest';
import { elementwiseLayout } from './layout.js';

describe('elementwiseLayout', () => {
  it('merges dimensions every input varies or repeats along together, and drops size-1 ones', () => {
    expect(
      elementwiseLayout(
        [
          [8, 3, 5, 5],
          [3, 1, 1],
        ],
        [8, 3, 5, 5],
      ),
    ).toEqual({
      shape: [8, 3, 5, 5],
      dims: [8, 3, 25],
      strides: [
        [75, 25, 1],
        [0, 1, 0],
      ],
      key: '3:111,010',
    });
    expect(
      elementwiseLayout(
        [
          [4, 6],
          [4, 6],
        ],
        [4, 6],
      ).dims,
    ).toEqual([24]);
    expect(
      elementwiseLayout(
        [
          [4, 1],
          [1, 6],
        ],
        [4, 6],
      ).strides,
    ).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('gives a single element no dimensions, and keeps empty ones', () => {
    expect(elementwiseLayout([[], [1, 1]], [1, 1])).toMatchObject({ dims: [], strides: [[], []], key: '0:,' });
    expect(elementwiseLayout([[0, 3], [3]], [0, 3]).dims).toEqual([0, 3]);
  });
});
