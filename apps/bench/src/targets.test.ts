import { describe, expect, it } from 'vitest';
import type { BenchReport, EngineResult, WorkloadReport } from './report.js';
import { evaluateTargets } from './targets.js';

function workload(name: string, results: EngineResult[]): WorkloadReport {
  return { name, group: 'lenet', unit: 'images/s', shape: '', results, ratios: {} };
}
const r = (engine: EngineResult['engine'], threads: number, value: number | null): EngineResult => ({
  engine,
  threads,
  value,
});

const report: BenchReport = {
  command: 'pnpm bench',
  date: '2026-12-07T00:00:00.000Z',
  commit: 'abc1234',
  machine: { cpu: 'AMD EPYC', cores: 2, node: 'v20.20.2', platform: 'linux x64', loadAverage: 0.2 },
  engines: {
    'strata-cpu': { kernels: 'wasm', threads: [1, 2] },
    'tfjs-cpu': { version: '4.22.0', threads: 1 },
    'tfjs-wasm': { version: '4.22.0', binary: 'tfjs-backend-wasm-simd.wasm', threads: 1 },
    pytorch: { version: '2.13.0', threads: [1, 2] },
  },
  workloads: [
    workload('lenet-train', [
      r('strata-cpu', 1, 700),
      r('strata-cpu', 2, 1260),
      r('pytorch', 1, 1000),
      r('pytorch', 2, 2000),
    ]),
    workload('lenet-inference', [r('strata-cpu', 1, 3000), r('tfjs-wasm', 1, 2000), r('pytorch', 1, 8000)]),
  ],
  simdPeak: {
    probe: [],
    gemmFlavour: 'simd128',
    gemm1024OfPeak: { 'strata-cpu@1': 0.9, 'strata-cpu@2': 0.8 },
  },
  browser: {
    browser: 'Chromium',
    crossOriginIsolated: true,
    strataSimd: 'relaxed-simd',
    strataThreads: 2,
    tfjsWasmBinary: 'tfjs-backend-wasm-threaded-simd.wasm',
    tfjsWasmThreads: 2,
    tfjsWasmThreadsRequested: 2,
    workloads: [
      workload('lenet-train', [r('strata-cpu', 2, 630)]),
      workload('lenet-inference', [r('strata-cpu', 2, 4000), r('tfjs-wasm', 1, 1000), r('tfjs-wasm', 2, 2000)]),
    ],
  },
};

describe('evaluateTargets', () => {
  const targets = evaluateTargets(report);
  const byName = (name: string) => targets.find((t) => t.name === name);

  it('divides the two figures of this run and compares the ratio with the target and the floor', () => {
    expect(byName('LeNet training vs PyTorch, 1 thread')).toEqual({
      name: 'LeNet training vs PyTorch, 1 thread',
      ratio: 'lenet-train strata-cpu@1 / lenet-train pytorch@1',
      target: 1,
      floor: 0.6,
      floorMet: true,
      actual: 0.7,
      met: false,
    });
    expect(byName('LeNet training vs PyTorch, 2 threads')).toMatchObject({ actual: 0.63, met: false });
    expect(byName('LeNet training, second thread (+70 %)')).toMatchObject({ actual: 1.8, met: true });
    expect(byName('LeNet inference vs tfjs-wasm, 1 thread')).toMatchObject({ actual: 1.5, met: true, floorMet: true });
    expect(byName('LeNet inference vs PyTorch, 1 thread')).toMatchObject({ actual: 0.375, met: false });
  });

  it('compares with tfjs-wasm in the browser at the most threads it ran', () => {
    expect(byName('Chromium: LeNet inference vs threaded tfjs-wasm')).toMatchObject({
      ratio: 'Chromium lenet-inference strata-cpu@2 / Chromium lenet-inference tfjs-wasm@*',
      actual: 2,
      met: true,
    });
  });

  it('compares browser figures with Node figures of the same run', () => {
    expect(byName("Chromium: LeNet training at Node's speed, 2 threads")).toMatchObject({
      ratio: 'Chromium lenet-train strata-cpu@2 / lenet-train strata-cpu@2',
      actual: 0.5,
      met: false,
    });
  });

  it("checks GEMM 1024³'s share of the SIMD peak against 85 %", () => {
    expect(byName('GEMM 1024³ vs SIMD peak, 1 thread')).toMatchObject({
      ratio: 'gemm-1024 strata-cpu@1 / simd128 peak@1',
      target: 0.85,
      actual: 0.9,
      met: true,
    });
    expect(byName('GEMM 1024³ vs SIMD peak, 2 threads')).toMatchObject({ actual: 0.8, met: false });
  });

  it('leaves a target unmeasured, not missed, when the run lacks a figure', () => {
    expect(byName('LeNet inference vs PyTorch, 2 threads')).toMatchObject({ actual: null, met: null });
    expect(byName('ResNet-18 training vs PyTorch, 1 thread')).toMatchObject({ actual: null, met: null });
    const bare = evaluateTargets({ ...report, simdPeak: undefined, browser: undefined });
    expect(bare.find((t) => t.name === 'GEMM 1024³ vs SIMD peak, 1 thread')).toMatchObject({ actual: null, met: null });
    expect(bare.find((t) => t.name.startsWith('Chromium'))).toMatchObject({ actual: null, met: null });
  });
});
