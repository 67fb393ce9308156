import { PARALLEL_KERNELS, PART_ARGS, type ParallelKernel, type PartArgs, partArgs } from './parallel-kernels.js';
import type { ThreadInit } from './thread-main.js';
import type { WasmHeap } from './wasm-heap.js';

const MAX_THREADS = 64;
// Each thread's job (thread-main.ts reads the same layout): the kernel (1 + its index in
// PARALLEL_KERNELS, 0 for none), then its arguments.
const JOB_INTS = 1 + PART_ARGS;
const CONTROL_INTS = 4 + JOB_INTS * MAX_THREADS;
const STACK_BYTES = 1 << 16;

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
  private readonly regions: { stackTop: number; scratch: number }[] = [];
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
    for (const thread of this.threads) thread.terminate();
    this.threads = [];
    this.started = 1;
    this.failure = undefined;
    Atomics.store(this.control, 2, 0);
    const count = Math.min(n, MAX_THREADS);
    for (let index = 1; index < count; index++) {
      this.regions[index] ??= {
        stackTop: this.heap.reserve(STACK_BYTES / 4) + STACK_BYTES,
        scratch: this.heap.reserve(this.heap.kernels.sgemm_scratch_floats()),
      };
      const init: ThreadInit = {
        module: this.module,
        memory: this.heap.memory,
        control: this.controlOffset,
        controlInts: CONTROL_INTS,
        index,
        stackTop: this.regions[index]!.stackTop,
        kernels: PARALLEL_KERNELS,
      };
      this.threads.push(this.spawn(init, (message) => (this.failure ??= message)));
    }
    while (Atomics.load(this.control, 2) < count - 1) {
      if (this.failure !== undefined) {
        for (const thread of this.threads) thread.terminate();
        this.threads = [];
        throw new Error(`setNumThreads: a kernel thread could not start: ${this.failure}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    this.started = count;
  }

  /** Stops every worker (the pool keeps the calling thread only). */
  terminate(): void {
    for (const thread of this.threads) thread.terminate();
    this.threads = [];
    this.started = 1;
  }

  /**
   * Runs `kernel` over the work range `[0, total)`, split into at most one part per thread, each
   * a whole number of `grain` items (the last part excepted), with the arguments `argsFor` gives
   * each part. The caller runs the first part and returns once every part is done.
   */
  run(kernel: ParallelKernel, total: number, grain: number, argsFor: PartArgs): void {
    if (total <= 0) return;
    const threads = this.started;
    const parts = Math.min(threads, Math.ceil(total / grain));
    const call = this.heap.kernels[kernel] as (...args: number[]) => void;
    if (parts <= 1) {
      call(...partArgs(kernel, argsFor, 0, total, this.heap.gemmScratch));
      return;
    }
    const control = this.control;
    const per = Math.ceil(total / parts / grain) * grain;
    const id = PARALLEL_KERNELS.indexOf(kernel) + 1;
    for (let t = 1; t < threads; t++) {
      const begin = Math.min(total, t * per);
      const end = Math.min(total, begin + per);
      const job = 4 + JOB_INTS * t;
      control[job] = end > begin ? id : 0;
      if (end > begin) control.set(partArgs(kernel, argsFor, begin, end, this.regions[t]!.scratch), job + 1);
    }
    Atomics.store(control, 1, 0);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    call(...partArgs(kernel, argsFor, 0, per, this.heap.gemmScratch));
    for (let done = Atomics.load(control, 1); done < threads - 1; done = Atomics.load(control, 1)) {
      if (this.blockingWait) Atomics.wait(control, 1, done);
    }
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
