import type { TypedArray } from '@strata/core';
import { HeapAllocator, WASM32_MAX_BYTES } from './heap-allocator.js';
import type { KernelExports } from './kernel-exports.js';
import { type ParallelKernel, type PartArgs, partArgs } from './parallel-kernels.js';
import type { GeneratedLoop, ThreadPool } from './thread-pool.js';

const PAGE = 65536;
/** Work below this many multiply-adds runs on the calling thread: waking the others costs more. */
export const PARALLEL_MACS = 1 << 18;

/**
 * The WebAssembly kernels with their memory: GEMM's packed panels at a fixed place, then blocks
 * of a {@link HeapAllocator}, shared by tensor storage (the CPU backend's, when the memory is
 * shared) and by kernel scratch: `alloc` hands a kernel scratch blocks that the next `reset`
 * frees, so scratch can never overlap a live tensor. JavaScript runs one kernel at a time, and a
 * kernel split across threads returns only when every thread is done, so no block is freed while
 * a thread reads it. Memory grows on demand and is kept.
 *
 * @example
 * ```ts
 * heap.reset();
 * const a = heap.copyIn(values); // in place when values is a view of this heap
 * const c = heap.outputPointer(out);
 * heap.sgemm(m, n, k, a, k, 1, b, n, 1, c, n, 0);
 * heap.copyBack(out, c);
 * ```
 */
export class WasmHeap {
  /** Byte offset of the GEMM scratch of the calling thread. */
  readonly gemmScratch: number;
  /** The kernel threads on this heap's (shared) memory, when the runtime allows threads. */
  pool: ThreadPool | undefined;
  /** Where tensors and scratch get their blocks. */
  readonly allocator: HeapAllocator;
  /** Every `memory.buffer` this heap has had: a typed array on one of them is a view of the heap. */
  readonly #buffers = new WeakSet<ArrayBufferLike>();
  /** Scratch blocks since the last `reset`. */
  readonly #scratch: number[] = [];

  constructor(
    readonly kernels: KernelExports,
    readonly memory: WebAssembly.Memory,
  ) {
    this.gemmScratch = align(kernels.__heap_base.value as number);
    const base = this.gemmScratch + kernels.sgemm_scratch_floats() * 4;
    const have = memory.buffer.byteLength;
    if (base > have) memory.grow(Math.ceil((base - have) / PAGE));
    this.allocator = new HeapAllocator(memory, base, WASM32_MAX_BYTES, () => this.buffer);
    this.#buffers.add(memory.buffer);
  }

  /**
   * Whether the memory is a `SharedArrayBuffer`, whose growth leaves existing views valid (a
   * non-shared memory's growth detaches every view of it).
   */
  get shared(): boolean {
    return typeof SharedArrayBuffer === 'function' && this.memory.buffer instanceof SharedArrayBuffer;
  }

  /** The memory's current buffer, remembered so that views of it are recognised as the heap's. */
  get buffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.#buffers.add(buffer);
    return buffer;
  }

  /** Whether `array` is a view of this heap's memory (its offset is then `array.byteOffset`). */
  isView(array: TypedArray): boolean {
    return this.#buffers.has(array.buffer);
  }

  /** Reserves `floats` floats for good (thread stacks and scratch, control blocks); call between kernels only. */
  reserve(floats: number): number {
    return this.allocator.alloc(floats * 4);
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

  /** Frees the scratch the previous kernel allocated. */
  reset(): void {
    const scratch = this.#scratch;
    while (scratch.length > 0) this.allocator.free(scratch.pop()!);
  }

  /** Reserves `floats` floats of scratch (64-byte aligned, contents unspecified) until the next `reset`; returns their byte offset. */
  alloc(floats: number): number {
    const ptr = this.allocator.alloc(floats * 4);
    this.#scratch.push(ptr);
    return ptr;
  }

  /**
   * The byte offset of `values` as float32s for a kernel to read: where they are, when `values`
   * is a Float32Array view of this heap, else of a scratch copy (converted to float32, as `set`
   * converts). The kernel must not write there.
   */
  copyIn(values: TypedArray): number {
    if (values instanceof Float32Array && this.isView(values)) return values.byteOffset;
    const ptr = this.alloc(values.length);
    this.f32(ptr, values.length).set(values);
    return ptr;
  }

  /** The byte offset of the int32 `values` for a kernel to read: in place when a view of this heap, else of a scratch copy. */
  copyInInts(values: Int32Array): number {
    if (this.isView(values)) return values.byteOffset;
    const ptr = this.alloc(values.length);
    this.i32(ptr, values.length).set(values);
    return ptr;
  }

  /**
   * The byte offset a kernel writes the output `out` at: `out` itself when it is a view of this
   * heap, else scratch that {@link WasmHeap.copyBack} copies into `out` afterwards.
   */
  outputPointer(out: TypedArray): number {
    return this.isView(out) ? out.byteOffset : this.alloc(Math.ceil(out.byteLength / 4));
  }

  /** Completes {@link WasmHeap.outputPointer}: copies the output at `ptr` into `out` unless it is already there. */
  copyBack(out: TypedArray, ptr: number): void {
    if (this.isView(out)) return;
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(new Uint8Array(this.buffer, ptr, out.byteLength));
  }

  /** Allocates and fills with int32 `values` (a struct of ints for the C side). */
  ints(values: readonly number[]): number {
    const ptr = this.alloc(values.length);
    this.i32(ptr, values.length).set(values);
    return ptr;
  }

  /** A view of `length` floats at `ptr`; take it after the allocations it depends on. */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.buffer, ptr, length);
  }

  /** A view of `length` int32s at `ptr`; take it after the allocations it depends on. */
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.buffer, ptr, length);
  }

  /** A view of `length` float64s at `ptr` (64-byte aligned by `alloc`); take it after the allocations it depends on. */
  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.buffer, ptr, length);
  }
}

function align(bytes: number): number {
  return (bytes + 15) & ~15;
}
