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
  group: 'gemm' | 'conv2d' | 'lenet';
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
    pytorch: { version: string; threads: number[] } | { skipped: string };
  };
  workloads: WorkloadReport[];
  /** Loop styles compared on one workload (present when the `loop` group ran). */
  loops?: LoopComparison[];
}
