import type { ThreadInit } from './thread-main.js';
import type { WasmHeap } from './wasm-heap.js';

// GEMMs below this many multiply-adds run on the calling thread: waking the others costs more.
const PARALLEL_MACS = 1 << 18;
const MAX_THREADS = 64;
const CONTROL_INTS = 4 + 16 * MAX_THREADS;
const STACK_BYTES = 1 << 16;

/** A started kernel thread, as the pool needs it. */
interface KernelThread {
  terminate(): void;
}

type SpawnThread = (init: ThreadInit, onError: (message: string) => void) => KernelThread;

/**
 * The kernel threads sharing the heap's memory. GEMMs big enough are split by columns (or rows,
 * when taller than wide) into one part per thread; the caller runs part 0 and waits for the
 * rest. Every part uses the same blocking over the inner dimension, so results are bit-identical
 * for any thread count.
 *
 * @example
 * ```ts
 * await pool.resize(2);
 * pool.sgemm(m, n, k, a, k, 1, b, n, 1, c, n, 0);
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
        ...this.regions[index]!,
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

  /** `C = A B` (or `+=`) as `strata_sgemm`, split across the threads when big enough. */
  sgemm(
    m: number,
    n: number,
    k: number,
    a: number,
    ars: number,
    acs: number,
    b: number,
    brs: number,
    bcs: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void {
    const kernels = this.heap.kernels;
    const threads = this.started;
    if (threads === 1 || m * n * k < PARALLEL_MACS) {
      kernels.sgemm(this.heap.gemmScratch, m, n, k, a, ars, acs, b, brs, bcs, c, ldc, accumulate);
      return;
    }
    const control = this.control;
    const byColumns = n >= m;
    // Parts are whole register tiles (8 columns or 4 rows) so every part runs full-width tiles.
    const unit = byColumns ? 8 : 4;
    const extent = byColumns ? n : m;
    const per = Math.ceil(extent / threads / unit) * unit;
    let first: [number, number] = [0, 0];
    for (let t = 0; t < threads; t++) {
      const start = Math.min(extent, t * per);
      const length = Math.min(extent, start + per) - start;
      if (t === 0) {
        first = [start, length];
        continue;
      }
      const job = 4 + 16 * t;
      control[job] = length > 0 ? 1 : 0;
      const args = byColumns
        ? [m, length, k, a, ars, acs, b + 4 * start * bcs, brs, bcs, c + 4 * start, ldc, accumulate]
        : [length, n, k, a + 4 * start * ars, ars, acs, b, brs, bcs, c + 4 * start * ldc, ldc, accumulate];
      control.set(args, job + 1);
    }
    Atomics.store(control, 1, 0);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    const [start, length] = first;
    if (length > 0) {
      if (byColumns)
        kernels.sgemm(
          this.heap.gemmScratch,
          m,
          length,
          k,
          a,
          ars,
          acs,
          b + 4 * start * bcs,
          brs,
          bcs,
          c + 4 * start,
          ldc,
          accumulate,
        );
      else
        kernels.sgemm(
          this.heap.gemmScratch,
          length,
          n,
          k,
          a + 4 * start * ars,
          ars,
          acs,
          b,
          brs,
          bcs,
          c + 4 * start * ldc,
          ldc,
          accumulate,
        );
    }
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
