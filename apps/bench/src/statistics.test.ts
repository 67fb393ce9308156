import { describe, expect, it } from 'vitest';
import { median, significant } from './statistics.js';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores one outlier', () => {
    expect(median([10, 11, 9, 500])).toBe(10.5);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow('median: expected at least one value, got none.');
  });
});

describe('significant', () => {
  it('rounds to three significant digits by default', () => {
    expect(significant(1234.5678)).toBe(1230);
    expect(significant(0.0123456)).toBe(0.0123);
  });

  it('keeps zero', () => {
    expect(significant(0)).toBe(0);
  });
});
