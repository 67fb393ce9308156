import { StrataError } from '@strata/core';
import { PARALLEL_KERNELS, PART_ARGS, type ParallelKernel, type PartArgs, partArgs } from './parallel-kernels.js';
import type { ThreadInit } from './thread-main.js';
import type { WasmHeap } from './wasm-heap.js';

const MAX_THREADS = 64;
// Each thread's job (thread-main.ts reads the same layout): the kernel (1 + its index in
// PARALLEL_KERNELS, 0 for none), then its arguments.
const JOB_INTS = 1 + PART_ARGS;
// The control block's header (thread-main.ts documents each int), then one job slot per thread.
const HEADER_INTS = 5;
const GENERATION = 4;
const CONTROL_INTS = HEADER_INTS + JOB_INTS * MAX_THREADS;
const STACK_BYTES = 1 << 16;
/** The most arguments a generated loop's part can take on a worker (its float64 slots). */
export const LOOP_ARGS = 64;

/**
 * A generated WebAssembly module whose export `run` computes a part of a job from its arguments:
 * `id` (unique per module, > 0) names it in a job, and a worker compiles `bytes` the first time
 * it meets the id.
 *
 * @example
 * ```ts
 * pool.runLoop(loop, rows, 1, (begin, end) => [x + 4 * begin * width, y + 4 * begin * width, end - begin]);
 * ```
 */
export interface GeneratedLoop {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly run: (...args: number[]) => void;
}

/** A started kernel thread, as the pool needs it. */
interface KernelThread {
  terminate(): void;
}

type SpawnThread = (init: ThreadInit, onError: (message: string) => void) => KernelThread;

/**
 * The kernel threads sharing the heap's memory. A call of one of `PARALLEL_KERNELS` over a work
 * range is split into one part per thread: the caller writes each worker's kernel and arguments
 * into the control block, wakes the workers, runs part 0 itself and waits until all are done.
 * Kernels write disjoint outputs per part and compute each output the same way whatever the
 * split, so results are bit-identical for any thread count.
 *
 * @example
 * ```ts
 * await pool.resize(2);
 * pool.run('max_pool2d', planes, 1, (begin, end) => [x, geometry, y, indices, begin, end]);
 * ```
 */
export class ThreadPool {
  private threads: KernelThread[] = [];
  private readonly regions: { stackTop: number; scratch: number; loopArgs: number }[] = [];
  // Per worker index, the generated loops it has compiled (its instance is gone after `resize`).
  private known: Set<number>[] = [];
  private readonly control: Int32Array;
  private readonly controlOffset: number;
  private started = 1;
  private failure: string | undefined;
  private readonly blockingWait: boolean;

  constructor(
    private readonly heap: WasmHeap,
    private readonly module: WebAssembly.Module,
    private readonly spawn: SpawnThread,
  ) {
    this.controlOffset = heap.reserve(CONTROL_INTS);
    this.control = new Int32Array(heap.memory.buffer, this.controlOffset, CONTROL_INTS);
    // A reserved block comes as it was left: the counters and flags must start at zero.
    this.control.fill(0);
    this.blockingWait = canBlock(this.control);
  }

  /** Threads in use, the caller's included. */
  get size(): number {
    return this.started;
  }

  /**
   * Uses `n` threads (the caller plus `n - 1` workers), resolving once all have started;
   * rejects with the reason when one cannot start (the pool then stays at one thread).
   */
  async resize(n: number): Promise<void> {
    this.stopWorkers();
    this.failure = undefined;
    Atomics.store(this.control, 2, 0);
    const count = Math.min(n, MAX_THREADS);
    for (let index = 1; index < count; index++) {
      this.regions[index] ??= {
        stackTop: this.heap.reserve(STACK_BYTES / 4) + STACK_BYTES,
        scratch: this.heap.reserve(this.heap.kernels.sgemm_scratch_floats()),
        loopArgs: this.heap.reserve(2 * LOOP_ARGS),
      };
      this.known[index] = new Set();
      const init: ThreadInit = {
        module: this.module,
        memory: this.heap.memory,
        control: this.controlOffset,
        controlInts: CONTROL_INTS,
        index,
        job: HEADER_INTS + JOB_INTS * index,
        generation: Atomics.load(this.control, GENERATION),
        stackTop: this.regions[index]!.stackTop,
        loopArgs: this.regions[index]!.loopArgs,
        kernels: PARALLEL_KERNELS,
      };
      this.threads.push(this.spawn(init, (message) => (this.failure ??= message)));
    }
    while (Atomics.load(this.control, 2) < count - 1) {
      if (this.failure !== undefined) {
        this.stopWorkers();
        throw new Error(`setNumThreads: a kernel thread could not start: ${this.failure}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    this.started = count;
  }

  /**
   * Stops every worker (the pool keeps the calling thread only). `terminate` alone may leave a
   * browser's worker running a while, and one woken by the next job would take a part of it: so
   * the workers' generation changes first, and a worker of an older one that wakes or starts
   * exits without touching the control block.
   */
  private stopWorkers(): void {
    Atomics.add(this.control, GENERATION, 1);
    Atomics.add(this.control, 0, 1);
    Atomics.notify(this.control, 0);
    for (const thread of this.threads) thread.terminate();
    this.threads = [];
    this.known = [];
    this.started = 1;
  }

  /**
   * Runs `kernel` over the work range `[0, total)`, split into at most one part per thread, each
   * a whole number of `grain` items (the last part excepted), with the arguments `argsFor` gives
   * each part. The caller runs the first part and returns once every part is done.
   */
  run(kernel: ParallelKernel, total: number, grain: number, argsFor: PartArgs): void {
    const call = this.heap.kernels[kernel] as (...args: number[]) => void;
    const id = PARALLEL_KERNELS.indexOf(kernel) + 1;
    this.split(
      total,
      grain,
      (begin, end) => call(...partArgs(kernel, argsFor, begin, end, this.heap.gemmScratch)),
      (t, job, begin, end) => {
        this.control[job] = id;
        this.control.set(partArgs(kernel, argsFor, begin, end, this.regions[t]!.scratch), job + 1);
      },
    );
  }

  /**
   * Runs the generated `loop` over `[0, total)` as {@link ThreadPool.run} runs a kernel, each
   * part called with `argsFor(begin, end)` (at most {@link LOOP_ARGS} numbers, which the loop's
   * parameters convert as a call from JavaScript would). A worker compiles the loop's module the
   * first time it runs a part of it, from a copy of its bytes in the heap.
   */
  runLoop(loop: GeneratedLoop, total: number, grain: number, argsFor: (begin: number, end: number) => number[]): void {
    let bytes = 0;
    this.split(
      total,
      grain,
      (begin, end) => loop.run(...argsFor(begin, end)),
      (t, job, begin, end) => {
        const args = argsFor(begin, end);
        if (args.length > LOOP_ARGS) {
          throw new StrataError(
            `ThreadPool.runLoop: expected at most ${LOOP_ARGS} arguments per part, got ${args.length}; run the loop on one thread.`,
          );
        }
        const known = this.known[t]!;
        if (!known.has(loop.id) && bytes === 0) {
          bytes = this.heap.alloc(Math.ceil(loop.bytes.length / 4));
          new Uint8Array(this.heap.memory.buffer, bytes, loop.bytes.length).set(loop.bytes);
        }
        this.control[job] = -loop.id;
        this.control[job + 1] = known.has(loop.id) ? 0 : bytes;
        this.control[job + 2] = loop.bytes.length;
        this.control[job + 3] = args.length;
        new Float64Array(this.heap.memory.buffer, this.regions[t]!.loopArgs, args.length).set(args);
        known.add(loop.id);
      },
    );
  }

  /**
   * Splits `[0, total)` into at most one part per thread, each a whole number of `grain` items
   * (the last part excepted): `post` writes each worker's job into its slot, then the caller
   * wakes the workers, runs the first part itself with `runHere` and waits until every part is done.
   */
  private split(
    total: number,
    grain: number,
    runHere: (begin: number, end: number) => void,
    post: (thread: number, job: number, begin: number, end: number) => void,
  ): void {
    if (total <= 0) return;
    const threads = this.started;
    const parts = Math.min(threads, Math.ceil(total / grain));
    if (parts <= 1) {
      runHere(0, total);
      return;
    }
    const control = this.control;
    const per = Math.ceil(total / parts / grain) * grain;
    for (let t = 1; t < threads; t++) {
      const begin = Math.min(total, t * per);
      const end = Math.min(total, begin + per);
      const job = HEADER_INTS + JOB_INTS * t;
      if (end > begin) post(t, job, begin, end);
      else control[job] = 0;
    }
    Atomics.store(control, 1, 0);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    // The workers run on whatever happens here: wait for them before letting an error out.
    let failure: unknown;
    try {
      runHere(0, per);
    } catch (error) {
      failure = error ?? new Error('a kernel part threw undefined');
    }
    for (let done = Atomics.load(control, 1); done < threads - 1; done = Atomics.load(control, 1)) {
      if (this.blockingWait) Atomics.wait(control, 1, done);
    }
    const failed = Atomics.exchange(control, 3, 0);
    if (failed !== 0) {
      const what = failed > 0 ? `'${PARALLEL_KERNELS[failed - 1]}'` : 'a generated elementwise loop';
      throw new StrataError(
        `ThreadPool: a kernel thread failed running ${what} (its error is on the console); the results of this call are incomplete.`,
      );
    }
    if (failure !== undefined) throw failure;
  }
}

// A browser's main thread may not block in Atomics.wait; it spins on the counter instead.
function canBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, 3, 1, 0);
    return true;
  } catch {
    return false;
  }
}
