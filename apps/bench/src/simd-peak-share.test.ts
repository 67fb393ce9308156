import { describe, expect, it } from 'vitest';
import type { PeakFigure, WorkloadReport } from './report.js';
import { gemmShareOfPeak } from './simd-peak-share.js';

const gemm: WorkloadReport = {
  name: 'gemm-1024',
  group: 'gemm',
  unit: 'GFLOP/s',
  shape: '1024x1024 · 1024x1024',
  results: [
    { engine: 'strata-cpu', threads: 1, value: 36 },
    { engine: 'strata-cpu', threads: 2, value: 60 },
    { engine: 'tfjs-wasm', threads: 1, value: 30 },
  ],
  ratios: {},
};
const peak = (flavour: PeakFigure['flavour'], threads: number, gflops: number): PeakFigure => ({
  flavour,
  threads,
  gflops,
  perThread: gflops / threads,
  runs: 7,
});

describe('gemmShareOfPeak', () => {
  it("divides strata's GEMM 1024³ by the peak of the same flavour at the same thread count", () => {
    const probe = [peak('simd128', 1, 40), peak('simd128', 2, 80), peak('relaxed-simd', 1, 80)];
    expect(gemmShareOfPeak([gemm], probe, 'simd128')).toEqual({ 'strata-cpu@1': 0.9, 'strata-cpu@2': 0.75 });
    expect(gemmShareOfPeak([gemm], probe, 'relaxed-simd')).toEqual({ 'strata-cpu@1': 0.45 });
  });

  it('is empty without a GEMM 1024³ figure', () => {
    expect(gemmShareOfPeak([], [peak('simd128', 1, 40)], 'simd128')).toEqual({});
  });
});
