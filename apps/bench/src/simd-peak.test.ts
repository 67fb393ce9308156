import { describe, expect, it } from 'vitest';
import { measureSimdPeak, peakFlavourValidates } from './simd-peak.js';

describe('measureSimdPeak', () => {
  it('runs the probe on each worker thread and reports the total and the per-thread rate', async () => {
    const peak = await measureSimdPeak('simd128', 2);
    expect(peak).toMatchObject({ flavour: 'simd128', threads: 2, runs: 15 });
    expect(peak.gflops).toBeGreaterThan(0);
    // Both are rounded to three significant digits.
    expect(Math.abs(peak.perThread - peak.gflops / 2) / peak.gflops).toBeLessThan(0.01);
  });

  it('says SIMD128 validates here', () => {
    expect(peakFlavourValidates('simd128')).toBe(true);
  });
});
