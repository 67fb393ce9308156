import type { PeakFlavour } from './simd-peak-module.js';

/** Who ran a measurement: strata's CPU backend or one of the references it is compared with. */
export type Engine = 'strata-cpu' | 'tfjs-cpu' | 'tfjs-wasm' | 'pytorch';

/**
 * One engine's figure for one workload at one thread count. `value` is null when the engine
 * cannot run the workload, and `notImplemented` then says why (tfjs-wasm has no
 * Conv2DBackpropFilter kernel, so it cannot compute a weight gradient or train a convnet).
 *
 * @example
 * ```ts
 * const r: EngineResult = { engine: 'tfjs-wasm', threads: 1, value: null, notImplemented: 'no Conv2DBackpropFilter kernel' };
 * ```
 */
export interface EngineResult {
  engine: Engine;
  threads: number;
  /** GFLOP/s or images/s, as the workload's unit says; higher is better. */
  value: number | null;
  /** Median milliseconds of one timed call and the number of timed calls it is the median of. */
  medianMs?: number;
  runs?: number;
  /**
   * The figure of each round, in the order they ran, where strata and PyTorch were measured in
   * alternating rounds; `value` is their median (and `medianMs`, `runs`, `steps` that round's).
   */
  rounds?: number[];
  /** Steps timed together, where the figure is a fixed number of steps' total time rather than a median. */
  steps?: number;
  /** Batch the engine ran at, where it differs from the workload's (a reference too slow at full size). */
  batch?: number;
  notImplemented?: string;
  /** Why a reference that has the kernel was not timed (one call would take minutes). */
  skipped?: string;
}

/**
 * One workload (a GEMM size, a conv2d pass at one shape, LeNet training or inference) with every
 * engine's figure and strata's ratios to each reference.
 *
 * @example
 * ```ts
 * const w: WorkloadReport = { name: 'gemm-1024', group: 'gemm', unit: 'GFLOP/s', shape: '1024x1024x1024', results: [], ratios: {} };
 * ```
 */
export interface WorkloadReport {
  name: string;
  group: 'gemm' | 'conv2d' | 'lenet' | 'resnet';
  unit: 'GFLOP/s' | 'images/s';
  /** The sizes in words, e.g. `x [256,6,14,14], filter [16,6,5,5], pad 0`. */
  shape: string;
  results: EngineResult[];
  /** `strata-cpu@<threads> / <engine>@<threads>`: strata's figure divided by the reference's. */
  ratios: Record<string, number>;
}

/**
 * One loop's speed in a {@link LoopComparison}: images/s and the median wall milliseconds of a
 * step, and the median CPU milliseconds this process spent on a step (all its threads).
 *
 * @example
 * ```ts
 * const f: LoopFigure = { value: 1500, medianMs: 170.7, cpuMs: 168.2, runs: 15 };
 * ```
 */
export interface LoopFigure {
  value: number;
  medianMs: number;
  cpuMs: number;
  runs: number;
}

/**
 * The same LeNet training steps run as a PyTorch-style loop (a memory scope per iteration, no
 * `tidy`) and as a `tidy`-wrapped loop, in one process, at one thread count; `ratio` is the
 * scoped loop's speed over the tidy loop's (1 is a tie): the median over rounds of the CPU time
 * of the tidy call over that of the scoped call. `tidyWithoutBufferPool` runs the tidy loop on a CPU backend that does not
 * reuse disposed buffers.
 *
 * @example
 * ```ts
 * const c: LoopComparison = { name: 'lenet-train-loop', shape: 'lenetModern, batch 256', threads: 1, tidy, scoped, tidyWithoutBufferPool, ratio: 0.99 };
 * ```
 */
export interface LoopComparison {
  name: string;
  shape: string;
  threads: number;
  tidy: LoopFigure;
  scoped: LoopFigure;
  tidyWithoutBufferPool: LoopFigure;
  ratio: number;
}

/**
 * The machine's SIMD128 peak from the register-only probe (independent f32x4 multiply-add chains
 * with no memory traffic), on `threads` threads at once: `flavour` says whether a step is
 * `f32x4.mul` + `f32x4.add` or one `f32x4.relaxed_madd`.
 *
 * @example
 * ```ts
 * const p: PeakFigure = { flavour: 'simd128', threads: 1, gflops: 44.8, perThread: 44.8, runs: 7 };
 * ```
 */
export interface PeakFigure {
  flavour: PeakFlavour;
  threads: number;
  gflops: number;
  perThread: number;
  runs: number;
}

/**
 * The SIMD peak probe's figures, and strata's GEMM 1024³ as a share of the peak of the flavour
 * its kernels ran, at the same thread count (`strata-cpu@<threads>` → 0.9 for 90 %).
 *
 * @example
 * ```ts
 * const s: SimdPeakReport = { probe: [peak], gemmFlavour: 'simd128', gemm1024OfPeak: { 'strata-cpu@1': 0.93 } };
 * ```
 */
export interface SimdPeakReport {
  probe: PeakFigure[];
  /** Relaxed SIMD flavours the runtime did not validate, and so were not probed. */
  unavailable?: string;
  gemmFlavour: PeakFlavour;
  gemm1024OfPeak: Record<string, number>;
}

/**
 * One of the targets, checked against this run: `actual` is the measured ratio (null when
 * a figure it needs is missing), `met` whether it reaches `target`, and `floor` the least the
 * issue accepts where it names one.
 *
 * @example
 * ```ts
 * const t: TargetResult = { name: 'LeNet training vs PyTorch@1', ratio: 'strata-cpu@1 / pytorch@1', target: 1, floor: 0.6, actual: 0.4, met: false };
 * ```
 */
export interface TargetResult {
  name: string;
  /** How `actual` is computed, in the report's column names. */
  ratio: string;
  target: number;
  floor?: number;
  actual: number | null;
  /** Whether `actual` reaches `target`; null when it could not be computed. */
  met: boolean | null;
  /** Whether `actual` reaches `floor`, where there is one. */
  floorMet?: boolean | null;
}

/**
 * The machine a bench ran on, from Node's `os` module.
 *
 * @example
 * ```ts
 * const m: MachineInfo = { cpu: 'AMD EPYC 7B13', cores: 2, node: 'v20.20.2', platform: 'linux x64', loadAverage: 0.5 };
 * ```
 */
export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** The one-minute load average when the run started: above ~0.5, other work competed for the cores. */
  loadAverage: number;
}

/**
 * Everything one `pnpm bench` run prints: when, where, what each engine ran on, and every
 * workload.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(report, null, 2));
 * ```
 */
export interface BenchReport {
  command: string;
  date: string;
  /** The git commit the bench ran at, so the figures name the kernels they measured. */
  commit: string;
  machine: MachineInfo;
  engines: {
    /**
     * `simd`: the build of the WebAssembly kernels that ran (`wasmSimdFlavour`) or why none did;
     * absent from reports recorded before it was.
     */
    'strata-cpu': { kernels: string; simd?: string; threads: number[] };
    'tfjs-cpu': { version: string; threads: number };
    'tfjs-wasm': { version: string; binary: string; threads: number };
    /**
     * `rounds`: how many rounds of PyTorch alternated with strata's on the workloads both run
     * (absent from reports recorded before rounds alternated).
     */
    pytorch: { version: string; threads: number[]; rounds?: number } | { skipped: string };
  };
  workloads: WorkloadReport[];
  /** Loop styles compared on one workload (present when the `loop` group ran). */
  loops?: LoopComparison[];
  /** The register-only SIMD peak probe and GEMM's share of it (present when the `peak` group ran). */
  simdPeak?: SimdPeakReport;
  /** LeNet in headless Chromium, cross-origin isolated (present when the `browser` group ran). */
  browser?: BrowserReport;
  /** The targets, checked against this run's figures. */
  targets?: TargetResult[];
}

/**
 * LeNet training and inference in headless Chromium on a cross-origin isolated page: strata's CPU
 * backend at each thread count and tfjs-wasm (threaded SIMD build) in the same page.
 *
 * @example
 * ```ts
 * const b: BrowserReport = { browser: 'Chromium 131', crossOriginIsolated: true, strataSimd: 'relaxed-simd', strataThreads: 2, tfjsWasmBinary: 'tfjs-backend-wasm-threaded-simd.wasm', tfjsWasmThreads: 2, tfjsWasmThreadsRequested: 2, workloads: [] };
 * ```
 */
export interface BrowserReport {
  browser: string;
  crossOriginIsolated: boolean;
  /** `wasmSimdFlavour` of strata's kernels in the page, or why none ran. */
  strataSimd: string;
  /** The most kernel threads strata ran in the page. */
  strataThreads: number;
  tfjsWasmBinary: string;
  /** The threads tfjs-wasm ran on (its `getThreadsCount()`) and the count the page asked for with `setThreadsCount`. */
  tfjsWasmThreads: number;
  tfjsWasmThreadsRequested: number;
  workloads: WorkloadReport[];
}
