import { describe, expect, it } from 'vitest';
import { formatTensor } from './format.js';

describe('formatTensor', () => {
  it('chooses scientific notation for wide ranges, as PyTorch', () => {
    expect(formatTensor(new Float32Array([1e-5, 1]), [2], 'float32', false)).toBe('tensor([1.0000e-05, 1.0000e+00])');
    expect(formatTensor(new Float32Array([1e9, 1]), [2], 'float32', false)).toBe('tensor([1.0000e+09, 1.0000e+00])');
  });

  it('prints nan and inf and marks float64', () => {
    expect(formatTensor(new Float64Array([Number.NaN, Number.POSITIVE_INFINITY, 1]), [3], 'float64', false)).toBe(
      'tensor([nan, inf, 1.], dtype=float64)',
    );
  });

  it('wraps long rows at 80 columns', () => {
    const text = formatTensor(new Float32Array(Array.from({ length: 30 }, (_, i) => i + 0.5)), [30], 'float32', false);
    expect(text.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(text.split('\n').length).toBeGreaterThan(1);
  });
});
