import { describe, expect, it } from 'vitest';
import { measureSimdPeak, peakFlavourValidates } from './simd-peak.js';

describe('measureSimdPeak', () => {
  // 18 calls of about 2 GFLOP on each thread: seconds on a loaded 2-core machine.
  it('runs the probe on each worker thread and reports the total and the per-thread rate', {
    timeout: 120_000,
  }, async () => {
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
