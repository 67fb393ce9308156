import type { KernelExports } from './kernel-exports.js';
import { type ParallelKernel, type PartArgs, partArgs } from './parallel-kernels.js';
import type { GeneratedLoop, ThreadPool } from './thread-pool.js';

const PAGE = 65536;
/** Work below this many multiply-adds runs on the calling thread: waking the others costs more. */
export const PARALLEL_MACS = 1 << 18;

/**
 * The WebAssembly kernels with their memory: a scratch area for GEMM's packed panels, then a
 * bump allocator that every kernel call resets. JavaScript runs one kernel at a time, so a
 * kernel owns the whole heap while it runs; memory grows on demand and is kept for the next call.
 *
 * @example
 * ```ts
 * heap.reset();
 * const a = heap.copyIn(values);
 * const c = heap.alloc(m * n);
 * heap.sgemm(m, n, k, a, k, 1, b, n, 1, c, n, 0);
 * out.set(heap.f32(c, m * n));
 * ```
 */
export class WasmHeap {
  /** Byte offset of the GEMM scratch of the calling thread. */
  readonly gemmScratch: number;
  /** The kernel threads on this heap's (shared) memory, when the runtime allows threads. */
  pool: ThreadPool | undefined;
  private base: number;
  private top: number;

  constructor(
    readonly kernels: KernelExports,
    readonly memory: WebAssembly.Memory,
  ) {
    this.gemmScratch = align(kernels.__heap_base.value as number);
    this.base = this.gemmScratch + kernels.sgemm_scratch_floats() * 4;
    this.top = this.base;
    this.ensure(this.base);
  }

  /**
   * Reserves `floats` floats for good (thread stacks and scratch, control blocks), below what
   * kernels allocate; call between kernels only.
   */
  reserve(floats: number): number {
    const ptr = align(this.base);
    this.base = ptr + floats * 4;
    this.top = this.base;
    this.ensure(this.base);
    return ptr;
  }

  /**
   * `C (m x n, row stride ldc) = A B` (or `+=` when `accumulate` is 1), operands addressed by
   * byte offset and row/column strides, on the kernel threads when big enough: split by columns
   * (or rows, when taller than wide) into whole register tiles, 8 columns or 4 rows, so every part
   * runs full-width tiles and the same blocking over the inner dimension.
   */
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
    const byColumns = n >= m;
    const extent = byColumns ? n : m;
    const grain = m * n * k < PARALLEL_MACS ? extent : byColumns ? 8 : 4;
    this.parallel('sgemm', extent, grain, (start, end, scratch) =>
      byColumns
        ? [scratch, m, end - start, k, a, ars, acs, b + 4 * start * bcs, brs, bcs, c + 4 * start, ldc, accumulate]
        : [
            scratch,
            end - start,
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
          ],
    );
  }

  /**
   * Runs `kernel` over the work range `[0, total)`: split across the kernel threads, when there
   * are any, into parts of whole multiples of `grain` items (pass the least work worth waking a
   * thread for; `grain >= total` keeps the call on the calling thread), each called with the
   * arguments `argsFor(begin, end, scratch)` returns for it. The kernel must write only the
   * outputs of its part, computed the same way whatever the split.
   *
   * @example
   * ```ts
   * heap.parallel('max_pool2d', planes, 4, (begin, end) => [x, geometry, y, indices, begin, end]);
   * ```
   */
  parallel(kernel: ParallelKernel, total: number, grain: number, argsFor: PartArgs): void {
    if (this.pool !== undefined) this.pool.run(kernel, total, grain, argsFor);
    else if (total > 0) {
      (this.kernels[kernel] as (...args: number[]) => void)(...partArgs(kernel, argsFor, 0, total, this.gemmScratch));
    }
  }

  /**
   * Runs the generated `loop` over the work range `[0, total)` as {@link WasmHeap.parallel} runs
   * a kernel: split across the kernel threads into parts of whole multiples of `grain` items, each
   * called with `argsFor(begin, end)`.
   *
   * @example
   * ```ts
   * heap.parallelLoop(loop, rows, 1, (begin, end) => [x + 4 * begin * width, y + 4 * begin * width, end - begin]);
   * ```
   */
  parallelLoop(
    loop: GeneratedLoop,
    total: number,
    grain: number,
    argsFor: (begin: number, end: number) => number[],
  ): void {
    if (this.pool !== undefined) this.pool.runLoop(loop, total, grain, argsFor);
    else if (total > 0) loop.run(...argsFor(0, total));
  }

  /** Frees everything the previous kernel allocated. */
  reset(): void {
    this.top = this.base;
  }

  /** Reserves `floats` floats (16-byte aligned) and returns their byte offset. */
  alloc(floats: number): number {
    const ptr = align(this.top);
    this.top = ptr + floats * 4;
    this.ensure(this.top);
    return ptr;
  }

  /** Allocates and fills with `values`. */
  copyIn(values: Float32Array): number {
    const ptr = this.alloc(values.length);
    this.f32(ptr, values.length).set(values);
    return ptr;
  }

  /** Allocates and fills with int32 `values` (a struct of ints for the C side). */
  ints(values: readonly number[]): number {
    const ptr = this.alloc(values.length);
    this.i32(ptr, values.length).set(values);
    return ptr;
  }

  /** A view of `length` floats at `ptr`; take it after the allocations it depends on. */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  /** A view of `length` int32s at `ptr`; take it after the allocations it depends on. */
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  /** A view of `length` float64s at `ptr` (16-byte aligned by `alloc`); take it after the allocations it depends on. */
  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, length);
  }

  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}

function align(bytes: number): number {
  return (bytes + 15) & ~15;
}
