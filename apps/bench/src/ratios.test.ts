import { describe, expect, it } from 'vitest';
import { computeRatios } from './ratios.js';

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
