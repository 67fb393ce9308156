import { StrataError } from '@strata/core';
import { CHUNKS_PER_THREAD, chunkBounds } from './chunk-bounds.js';
import { PARALLEL_KERNELS, PART_ARGS, type ParallelKernel, type PartArgs, partArgs } from './parallel-kernels.js';
import type { ThreadInit } from './thread-main.js';
import type { WasmHeap } from './wasm-heap.js';

const MAX_THREADS = 64;
// Each worker's job slot (thread-main.ts reads the same layout): the kernel (1 + its index in
// PARALLEL_KERNELS), or for a generated loop its negated id, its bytes' offset and length and
// its argument count.
const JOB_INTS = 4;
// The control block's header (thread-main.ts documents each int), then one job slot per thread.
const HEADER_INTS = 9;
const GENERATION = 4;
const NEXT_CHUNK = 5;
const CHUNKS = 6;
const CHUNK_TABLE = 7;
const WORKERS = 8;
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
 * range is cut into chunks, two per thread (see `chunkBounds`): the caller writes every chunk's
 * arguments for every worker into the chunk table, wakes the workers, and then each thread runs
 * its own chunk of the first round and claims the others from a shared counter until none is
 * left; the caller waits until every worker is done. Kernels write disjoint outputs per part and
 * compute each output the same way whatever the split, so results are bit-identical for any
 * thread count and any claiming order.
 *
 * @example
 * ```ts
 * await pool.resize(2);
 * pool.run('max_pool2d', planes, 1, (begin, end) => [x, geometry, y, indices, begin, end]);
 * ```
 */
export class ThreadPool {
  private threads: KernelThread[] = [];
  private readonly regions: { stackTop: number; scratch: number }[] = [];
  // Per worker index, the generated loops it has compiled (its instance is gone after `resize`).
  private known: Set<number>[] = [];
  private readonly control: Int32Array;
  private readonly controlOffset: number;
  // The chunk table (see `chunkTableInts`), kept for good and grown for a larger pool.
  private table = { offset: 0, ints: new Int32Array(0), floats: new Float64Array(0) };
  // The current job's chunk c is [bounds[c], bounds[c + 1]).
  private readonly bounds: number[] = [];
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
    const tableInts = chunkTableInts(count);
    if (tableInts > this.table.ints.length) {
      const offset = this.heap.reserve(tableInts);
      const buffer = this.heap.memory.buffer;
      this.table = {
        offset,
        ints: new Int32Array(buffer, offset, tableInts),
        floats: new Float64Array(buffer, offset, tableInts / 2),
      };
    }
    Atomics.store(this.control, CHUNK_TABLE, this.table.offset);
    Atomics.store(this.control, WORKERS, count - 1);
    for (let index = 1; index < count; index++) {
      this.regions[index] ??= {
        stackTop: this.heap.reserve(STACK_BYTES / 4) + STACK_BYTES,
        scratch: this.heap.reserve(this.heap.kernels.sgemm_scratch_floats()),
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
   * Runs `kernel` over `[0, total)` on the threads in chunks of whole multiples of `grain` items
   * (the last excepted), each called with `argsFor(begin, end, scratch)` for the thread that runs
   * it (see {@link WasmHeap.parallel}).
   */
  run(kernel: ParallelKernel, total: number, grain: number, argsFor: PartArgs): void {
    const call = this.heap.kernels[kernel] as (...args: number[]) => void;
    const id = PARALLEL_KERNELS.indexOf(kernel) + 1;
    const here = (begin: number, end: number) => call(...partArgs(kernel, argsFor, begin, end, this.heap.gemmScratch));
    this.split(total, grain, here, (chunks, bounds) => {
      const workers = this.started - 1;
      const ints = this.table.ints;
      for (let c = 0; c < chunks; c++) {
        for (let t = 1; t <= workers; t++) {
          const args = partArgs(kernel, argsFor, bounds[c]!, bounds[c + 1]!, this.regions[t]!.scratch);
          ints.set(args, (c * workers + t - 1) * PART_ARGS);
        }
      }
      for (let t = 1; t <= workers; t++) this.control[HEADER_INTS + JOB_INTS * t] = id;
    });
  }

  /**
   * Runs the generated `loop` over `[0, total)` as {@link ThreadPool.run} runs a kernel, each
   * chunk called with `argsFor(begin, end)` (at most {@link LOOP_ARGS} numbers, as many for every
   * chunk, which the loop's parameters convert as a call from JavaScript would). A worker compiles
   * the loop's module the first time it meets it, from a copy of its bytes in the heap.
   */
  runLoop(loop: GeneratedLoop, total: number, grain: number, argsFor: (begin: number, end: number) => number[]): void {
    this.split(
      total,
      grain,
      (begin, end) => loop.run(...argsFor(begin, end)),
      (chunks, bounds) => {
        const floats = this.table.floats;
        let count = -1;
        for (let c = 0; c < chunks; c++) {
          const args = argsFor(bounds[c]!, bounds[c + 1]!);
          if (args.length > LOOP_ARGS || (count >= 0 && args.length !== count)) {
            throw new StrataError(
              `ThreadPool.runLoop: expected at most ${LOOP_ARGS} arguments per part, as many for every part, got ${args.length}${count >= 0 ? ` after ${count}` : ''}; run the loop on one thread.`,
            );
          }
          count = args.length;
          floats.set(args, c * count);
        }
        let bytes = 0;
        for (let t = 1; t < this.started; t++) {
          const job = HEADER_INTS + JOB_INTS * t;
          const known = this.known[t]!;
          if (!known.has(loop.id) && bytes === 0) {
            bytes = this.heap.alloc(Math.ceil(loop.bytes.length / 4));
            new Uint8Array(this.heap.memory.buffer, bytes, loop.bytes.length).set(loop.bytes);
          }
          this.control[job] = -loop.id;
          this.control[job + 1] = known.has(loop.id) ? 0 : bytes;
          this.control[job + 2] = loop.bytes.length;
          this.control[job + 3] = count;
          known.add(loop.id);
        }
      },
    );
  }

  /**
   * Cuts `[0, total)` into chunks of a whole number of `grain` items (the last excepted), in two
   * rounds of one chunk per thread (see `chunkBounds`): `post` writes the chunks' jobs, then the
   * caller wakes the workers, runs its own chunks with `runHere` (chunk 0, then those it claims),
   * and waits until every worker is done.
   */
  private split(
    total: number,
    grain: number,
    runHere: (begin: number, end: number) => void,
    post: (chunks: number, bounds: readonly number[]) => void,
  ): void {
    if (total <= 0) return;
    const threads = this.started;
    if (threads <= 1 || total <= grain) {
      runHere(0, total);
      return;
    }
    const control = this.control;
    const bounds = this.bounds;
    const chunks = chunkBounds(total, grain, threads, bounds);
    post(chunks, bounds);
    Atomics.store(control, CHUNKS, chunks);
    Atomics.store(control, NEXT_CHUNK, threads);
    Atomics.store(control, 1, 0);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    // The workers run on whatever happens here: wait for them before letting an error out.
    let failure: unknown;
    try {
      runHere(bounds[0]!, bounds[1]!);
      for (let c = Atomics.add(control, NEXT_CHUNK, 1); c < chunks; c = Atomics.add(control, NEXT_CHUNK, 1)) {
        runHere(bounds[c]!, bounds[c + 1]!);
      }
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

// The chunk table of a pool of `threads`: for a kernel, chunk c's arguments for worker t at ints
// `(c * workers + t - 1) * PART_ARGS`; for a generated loop, chunk c's arguments (the same for
// every worker) at float64s `c * count`. Its size is even, so that both views fit it.
function chunkTableInts(threads: number): number {
  const chunks = CHUNKS_PER_THREAD * threads;
  const ints = Math.max(chunks * (threads - 1) * PART_ARGS, 2 * chunks * LOOP_ARGS);
  return ints + (ints % 2);
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
