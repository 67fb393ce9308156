import '@strata/backend-cpu';
import { expectClose } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DTYPES, type GoldenFile, type GoldenPass, goldenStateDict, runPass } from '../__fixtures__/golden.js';
import linearJson from '../__fixtures__/linear.json' with { type: 'json' };
import { type LayerOptions, Linear } from './linear.js';

const fixtures = linearJson as unknown as GoldenFile;

describe.each(GOLDEN_DTYPES)('Linear against PyTorch (%s)', (dtype, tolerance) => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [inFeatures, outFeatures] = c.args as [number, number];
    const fc = new Linear(inFeatures, outFeatures, { ...(c.options as LayerOptions), dtype });
    expect(String(fc)).toBe(c.repr);
    fc.loadStateDict(goldenStateDict(c.stateDict!, dtype));
    const { output, grads } = runPass(fc, c as GoldenPass, dtype);
    expectClose(output, c.output!.shape, c.output!.data, tolerance, `${c.name} output`);
    expect(Object.keys(grads)).toEqual(Object.keys(c.grads!));
    for (const [key, g] of Object.entries(c.grads!))
      expectClose(grads[key]!, g.shape, g.data, tolerance, `${c.name} grad ${key}`);
  });
});
