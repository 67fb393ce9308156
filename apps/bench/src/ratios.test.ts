import { describe, expect, it } from 'vitest';
import { computeRatios, ratioOf } from './ratios.js';

describe('computeRatios', () => {
  it("divides each strata thread count's figure by each reference's", () => {
    expect(
      computeRatios([
        { engine: 'strata-cpu', threads: 1, value: 6 },
        { engine: 'strata-cpu', threads: 2, value: 12 },
        { engine: 'tfjs-cpu', threads: 1, value: 2 },
        { engine: 'pytorch', threads: 2, value: 24 },
      ]),
    ).toEqual({
      'strata-cpu@1 / tfjs-cpu@1': 3,
      'strata-cpu@1 / pytorch@2': 0.25,
      'strata-cpu@2 / tfjs-cpu@1': 6,
      'strata-cpu@2 / pytorch@2': 0.5,
    });
  });

  it('gives no ratio to a reference without a figure', () => {
    expect(
      computeRatios([
        { engine: 'strata-cpu', threads: 1, value: 6 },
        {
          engine: 'tfjs-wasm',
          threads: 1,
          value: null,
          notImplemented: "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'",
        },
      ]),
    ).toEqual({});
  });

  it('rounds ratios to three significant digits', () => {
    expect(
      computeRatios([
        { engine: 'strata-cpu', threads: 1, value: 1 },
        { engine: 'tfjs-wasm', threads: 1, value: 3 },
      ]),
    ).toEqual({ 'strata-cpu@1 / tfjs-wasm@1': 0.333 });
  });
});

describe('ratioOf', () => {
  const r = (engine: 'strata-cpu' | 'pytorch' | 'tfjs-wasm', value: number | null, rounds?: number[]) => ({
    engine,
    threads: 1,
    value,
    ...(rounds === undefined ? {} : { rounds }),
  });

  it('pairs the rounds of two figures measured in the same alternating rounds', () => {
    expect(ratioOf(r('strata-cpu', 8, [9, 8, 4]), r('pytorch', 10, [10, 10, 5]))).toBe(0.8);
    expect(ratioOf(r('strata-cpu', 6, [6, 12, 3]), r('pytorch', 10, [12, 10, 10]))).toBe(0.5);
  });

  it('takes the first round of the side with rounds against a figure measured once', () => {
    expect(ratioOf(r('strata-cpu', 8, [12, 8, 4]), r('tfjs-wasm', 6))).toBe(2);
    expect(ratioOf(r('tfjs-wasm', 6), r('strata-cpu', 8, [12, 8, 4]))).toBe(0.5);
  });

  it('divides the figures where neither has rounds, and has no ratio without a figure', () => {
    expect(ratioOf(r('strata-cpu', 6), r('tfjs-wasm', 2))).toBe(3);
    expect(ratioOf(r('strata-cpu', 6), r('tfjs-wasm', null))).toBeNull();
    expect(ratioOf(r('strata-cpu', null), r('tfjs-wasm', 2))).toBeNull();
  });
});
