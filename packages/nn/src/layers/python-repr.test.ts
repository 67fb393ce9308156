import { describe, expect, it } from 'vitest';
import { pyBool, pyFloat, pyValue } from './python-repr.js';

describe('python reprs', () => {
  it.each([
    [1e-5, '1e-05'],
    [0.1, '0.1'],
    [1, '1.0'],
    [0, '0.0'],
    [0.001, '0.001'],
    [0.0001, '0.0001'],
    [2e-7, '2e-07'],
    [1.5e-5, '1.5e-05'],
    [-0.25, '-0.25'],
    [123.5, '123.5'],
    [1e16, '1e+16'],
    [1234567890123456, '1234567890123456.0'],
    [1e100, '1e+100'],
    [Number.NaN, 'nan'],
    [Number.POSITIVE_INFINITY, 'inf'],
  ])('pyFloat(%s) is %s, as Python prints it', (value, text) => {
    expect(pyFloat(value)).toBe(text);
  });

  it('prints booleans, None and tuples as Python', () => {
    expect(pyBool(false)).toBe('False');
    expect(pyValue(3)).toBe('3');
    expect(pyValue(null)).toBe('None');
    expect(pyValue([null, 7])).toBe('(None, 7)');
  });
});
