import { describe, expect, it } from 'vitest';
import { at, type Indexing, planeTerms, unravel } from './index-math.js';

const layout = { splitAbove: 2 ** 24, rowWidth: 4096 };

describe('two-part index math past 2^24 elements', () => {
  it('keeps buffers up to splitAbove flat: one float index, as before', () => {
    expect(unravel([2, 3], layout)).toMatch(/^let r = this\.thread\.x;/);
    const flat: Indexing = { layout, isRows: () => false };
    expect(
      at(flat, { dataId: {}, shape: [2, 3], dtype: 'float32' }, [
        ['c0', 3, 2],
        ['c1', 1, 3],
      ]),
    ).toBe('[0.0 + c0 * 3.0 + c1 * 1.0]');
  });

  it('unravels a split output from the row and column of its thread', () => {
    const source = unravel([256, 64, 48, 48], layout);
    expect(source).toMatch(/^let rh = this\.thread\.y;\nlet rl = this\.thread\.x;/);
    expect(source).toContain('let c0 = Math.floor((rh + 0.5) / 36.0)');
  });

  it('reads a split input as [hi][lo], keeping small products in the low part', () => {
    const rows: Indexing = { layout, isRows: () => true };
    const suffix = at(rows, { dataId: {}, shape: [256, 147456], dtype: 'float32' }, [
      ['c0', 147456, 256],
      ['c1', 1, 147456],
    ]);
    expect(suffix).toBe('[c0 * 36.0][0.0 + c1 * 1.0]');
  });

  it('names the cells of an [N, C, H, W] plane with their strides and counts', () => {
    expect(planeTerms([2, 3, 4, 5], 'ih', 'iw')).toEqual([
      ['c0', 60, 2],
      ['c1', 20, 3],
      ['ih', 5, 4],
      ['iw', 1, 5],
    ]);
  });

  it('refuses shapes whose coordinates a float cannot hold exactly, saying how to reshape', () => {
    expect(() => unravel([2 ** 25], layout)).toThrow(/dimension 0 \(length 33554432.*reshape the tensor/);
    expect(() => unravel([2 ** 22, 5], layout)).toThrow(/shorter than 2\^22/);
  });
});
