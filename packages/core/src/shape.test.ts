import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from './errors.js';
import { broadcastShapes, normalizeDim, normalizeDims, sizeFromShape, stridesFromShape } from './shape.js';

describe('shape helpers', () => {
  it('size and strides', () => {
    expect(sizeFromShape([])).toBe(1);
    expect(sizeFromShape([2, 0, 3])).toBe(0);
    expect(stridesFromShape([2, 3, 4])).toEqual([12, 4, 1]);
  });

  it('broadcasts right-aligned and names both shapes on failure', () => {
    expect(broadcastShapes('add', [3, 1], [1, 4])).toEqual([3, 4]);
    expect(broadcastShapes('add', [4], [2, 3, 4], [])).toEqual([2, 3, 4]);
    expect(broadcastShapes('add', [0, 1], [1, 5])).toEqual([0, 5]);
    expect(() => broadcastShapes('add', [2, 3], [4])).toThrow(ShapeError);
    expect(() => broadcastShapes('add', [2, 3], [4])).toThrow('add: expected shapes that broadcast');
  });

  it('normalises dims with PyTorch ranges', () => {
    expect(normalizeDim('f', -1, 3)).toBe(2);
    expect(normalizeDim('f', 0, 0)).toBe(0);
    expect(normalizeDim('f', -1, 0)).toBe(0);
    expect(() => normalizeDim('f', 3, 3)).toThrow('f: expected a dimension in [-3, 2] for a tensor of rank 3, got 3.');
    expect(normalizeDims('f', [-1, 0], 3)).toEqual([0, 2]);
    expect(normalizeDims('f', undefined, 2)).toEqual([0, 1]);
    expect(() => normalizeDims('f', [1, -1], 2)).toThrow(ArgumentError);
  });
});
