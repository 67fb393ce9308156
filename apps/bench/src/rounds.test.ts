import { describe, expect, it } from 'vitest';
import type { EngineResult, WorkloadReport } from './report.js';
import { medianRound, mergeRounds } from './rounds.js';

const strata = (threads: number, value: number, medianMs?: number): EngineResult => ({
  engine: 'strata-cpu',
  threads,
  value,
  ...(medianMs === undefined ? {} : { medianMs }),
});

describe('medianRound', () => {
  it('keeps the median round whole and lists every round in order', () => {
    expect(medianRound([strata(1, 30, 3.3), strata(1, 10, 10), strata(1, 20, 5)])).toEqual({
      ...strata(1, 20, 5),
      rounds: [30, 10, 20],
    });
  });

  it('returns a single round unchanged', () => {
    const only = strata(2, 7, 1.5);
    expect(medianRound([only])).toBe(only);
  });

  it('refuses an even number of rounds, whose median no round measured', () => {
    expect(() => medianRound([strata(1, 1), strata(1, 2)])).toThrow(
      'medianRound: expected an odd number of rounds, got 2; pass an odd --rounds.',
    );
  });

  it('refuses a round without a figure', () => {
    expect(() => medianRound([strata(1, 1), { engine: 'strata-cpu', threads: 1, value: null }, strata(1, 2)])).toThrow(
      'medianRound: expected a figure of strata-cpu@1 in every round, got none in one',
    );
  });
});

describe('mergeRounds', () => {
  const gemm: WorkloadReport = {
    name: 'gemm-1024',
    group: 'gemm',
    unit: 'GFLOP/s',
    shape: '1024x1024 · 1024x1024',
    results: [strata(1, 10), { engine: 'tfjs-wasm', threads: 1, value: 5 }],
    ratios: {},
  };
  const conv: WorkloadReport = { ...gemm, name: 'conv2d-forward lenet-conv1', group: 'conv2d' };

  it('adds one PyTorch result per thread count to the matching workload and recomputes its ratios', () => {
    const [merged, untouched] = mergeRounds(
      [gemm, conv],
      [],
      [{ torch: '2.13.0+cpu', results: { 'gemm-1024': { '1': 40, '2': 80 } } }],
    );
    expect(merged!.results).toEqual([
      strata(1, 10),
      { engine: 'tfjs-wasm', threads: 1, value: 5 },
      { engine: 'pytorch', threads: 1, value: 40 },
      { engine: 'pytorch', threads: 2, value: 80 },
    ]);
    expect(merged!.ratios).toEqual({
      'strata-cpu@1 / tfjs-wasm@1': 2,
      'strata-cpu@1 / pytorch@1': 0.25,
      'strata-cpu@1 / pytorch@2': 0.125,
    });
    expect(untouched).toBe(conv);
  });

  it("takes each side's median round, leaving references measured once as they were", () => {
    const [merged] = mergeRounds(
      [gemm],
      [{ 'gemm-1024': [strata(1, 14)] }, { 'gemm-1024': [strata(1, 12)] }],
      [
        { torch: '2.13.0+cpu', results: { 'gemm-1024': { '1': 40 } } },
        { torch: '2.13.0+cpu', results: { 'gemm-1024': { '1': 30 } } },
        { torch: '2.13.0+cpu', results: { 'gemm-1024': { '1': 60 } } },
      ],
    );
    expect(merged!.results).toEqual([
      { ...strata(1, 12), rounds: [10, 14, 12] },
      { engine: 'tfjs-wasm', threads: 1, value: 5 },
      { engine: 'pytorch', threads: 1, value: 40, rounds: [40, 30, 60] },
    ]);
    // Round by round 0.25, 0.467 and 0.2: the ratio pairs the rounds instead of dividing the medians (0.3).
    expect(merged!.ratios['strata-cpu@1 / pytorch@1']).toBe(0.25);
    // tfjs-wasm was measured once, beside strata's first round.
    expect(merged!.ratios['strata-cpu@1 / tfjs-wasm@1']).toBe(2);
  });

  it('says which round lacks a figure', () => {
    expect(() => mergeRounds([gemm], [{ 'gemm-1024': [strata(2, 14)] }], [])).toThrow(
      "mergeRounds: expected strata-cpu@1 of gemm-1024 in strata's round 2, got none;",
    );
    expect(() =>
      mergeRounds(
        [gemm],
        [],
        [
          { torch: '2.13.0+cpu', results: { 'gemm-1024': { '1': 40 } } },
          { torch: '2.13.0+cpu', results: {} },
          { torch: '2.13.0+cpu', results: { 'gemm-1024': { '1': 40 } } },
        ],
      ),
    ).toThrow("mergeRounds: expected PyTorch's gemm-1024 at 1 threads in round 2, got none;");
  });
});
