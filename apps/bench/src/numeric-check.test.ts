import { describe, expect, it } from 'vitest';
import { checkClose, RELATIVE_TOLERANCE } from './numeric-check.js';

describe('checkClose', () => {
  it('accepts float32 roundoff and returns the relative difference', () => {
    expect(checkClose('gemm', [1, 2, 4 + 4 * 1e-6], [1, 2, 4])).toBeCloseTo(1e-6, 9);
  });

  it('throws, naming the workload and the worst index, when strata is wrong', () => {
    expect(() => checkClose('gemm-256', [1, 2.5, 3], [1, 2, 3])).toThrow(
      `gemm-256: strata's result differs from TensorFlow.js's by 1.67e-1 of the largest value (limit ${RELATIVE_TOLERANCE}); at index 1 strata gave 2.5, TensorFlow.js 2.`,
    );
  });

  it('throws on NaN', () => {
    expect(() => checkClose('conv', [Number.NaN], [1])).toThrow('conv: strata');
  });

  it('throws when the lengths differ', () => {
    expect(() => checkClose('conv', [1, 2], [1])).toThrow(
      'conv: strata returned 2 values, TensorFlow.js 1; the shapes disagree.',
    );
  });
});
