import { Worker } from 'node:worker_threads';
import type { PeakFigure } from './report.js';
import { PEAK_PROBE_SHAPE, type PeakFlavour, peakProbeBytes, peakProbeFlops } from './simd-peak-module.js';
import { significant } from './statistics.js';

/** Loop iterations of one timed call: about 40 ms on one core at 50 GFLOP/s. */
const ITERATIONS = 1 << 24;
/** Untimed calls first, so that V8 has tiered the probe up from Liftoff to TurboFan. */
const WARM_UP_CALLS = 3;
const TIMED_CALLS = 15;

// Plain JavaScript run with `eval`, so the workers need no TypeScript loader. Each worker compiles
// the probe, warms it up, then waits at a barrier so that all threads run at once.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { bytes, iterations, warmUp, calls, barrier, threads } = workerData;
const run = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run;
for (let i = 0; i < warmUp; i++) run(iterations);
const gate = new Int32Array(barrier);
const ms = [];
for (let c = 0; c < calls; c++) {
  Atomics.add(gate, 0, 1);
  while (Atomics.load(gate, 0) < threads * (c + 1)) {}
  const start = performance.now();
  run(iterations);
  ms.push(performance.now() - start);
}
parentPort.postMessage(ms);
`;

/**
 * Whether this runtime validates the probe in `flavour` (relaxed SIMD needs Node >= 22 or a
 * current Chromium).
 *
 * @example
 * ```ts
 * peakFlavourValidates('relaxed-simd'); // false on Node 20
 * ```
 */
export function peakFlavourValidates(flavour: PeakFlavour): boolean {
  return WebAssembly.validate(peakProbeBytes({ flavour, ...PEAK_PROBE_SHAPE }));
}

/**
 * The machine's SIMD128 peak in `flavour`, measured with the register-only probe on `threads`
 * worker threads at once: each call's GFLOP/s is the sum of the threads' own rates, and the figure
 * is the best call's. A peak is a ceiling: other work on a shared machine can only lower a call's
 * rate, so the best call is the closest to what the cores can do.
 *
 * @example
 * ```ts
 * const peak = await measureSimdPeak('simd128', 2); // { flavour: 'simd128', threads: 2, gflops: 80, perThread: 40, ... }
 * ```
 */
export async function measureSimdPeak(flavour: PeakFlavour, threads: number): Promise<PeakFigure> {
  const shape = { flavour, ...PEAK_PROBE_SHAPE };
  const bytes = peakProbeBytes(shape);
  const barrier = new SharedArrayBuffer(4);
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { bytes, iterations: ITERATIONS, warmUp: WARM_UP_CALLS, calls: TIMED_CALLS, barrier, threads },
      }),
  );
  let perWorker: number[][];
  try {
    perWorker = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<number[]>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
  } finally {
    // A worker that failed leaves the others spinning at the barrier.
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const flops = peakProbeFlops(shape, ITERATIONS);
  const perCall = Array.from({ length: TIMED_CALLS }, (_, c) =>
    perWorker.reduce((sum, ms) => sum + flops / ms[c]! / 1e6, 0),
  );
  const gflops = Math.max(...perCall);
  return {
    flavour,
    threads,
    gflops: significant(gflops),
    perThread: significant(gflops / threads),
    runs: TIMED_CALLS,
  };
}
