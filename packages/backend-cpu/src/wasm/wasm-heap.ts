import type { KernelExports } from './kernel-exports.js';
import type { ThreadPool } from './thread-pool.js';

const PAGE = 65536;

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
   * byte offset and row/column strides, on the kernel threads when there are any.
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
    if (this.pool !== undefined) this.pool.sgemm(m, n, k, a, ars, acs, b, brs, bcs, c, ldc, accumulate);
    else this.kernels.sgemm(this.gemmScratch, m, n, k, a, ars, acs, b, brs, bcs, c, ldc, accumulate);
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
    new Int32Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  /** A view of `length` floats at `ptr`; take it after the allocations it depends on. */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}

function align(bytes: number): number {
  return (bytes + 15) & ~15;
}
