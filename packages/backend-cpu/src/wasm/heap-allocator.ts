import { OutOfMemoryError } from '../out-of-memory-error.js';

const PAGE = 65536;
/** Block alignment: a cache line, so no two blocks share one and every SIMD load is aligned. */
export const BLOCK_ALIGN = 64;
/**
 * Bytes past the end of every block that stay inside the memory: SIMD kernels load whole vectors
 * at a row's partial tail (and mask what they do not use), so a read may pass a block's end by
 * less than this, which must not trap when the block is the last one in the memory.
 */
export const READ_SLACK = 64;
/** All of wasm32's address space. */
export const WASM32_MAX_BYTES = 2 ** 32;

/**
 * Blocks of a WebAssembly memory from `start` up: 64-byte aligned, freed one by one, reused
 * best-fit, with a freed block merged into its free neighbours (and given back to the top of
 * the used range when it ends there), so a loop whose shapes vary does not fragment memory
 * without bound. The memory grows on demand, always {@link READ_SLACK} bytes past the last
 * block; a request past `maxBytes` (4 GiB, all of wasm32)
 * throws an {@link OutOfMemoryError}. The free list is kept in two arrays of numbers, sorted by
 * offset, so a steady loop creates no objects for the collector.
 *
 * @example
 * ```ts
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
 * const allocator = new HeapAllocator(memory, 1024);
 * const a = allocator.alloc(100); // 1024
 * allocator.free(a);
 * allocator.alloc(64) === a; // true
 * ```
 */
export class HeapAllocator {
  /** Bytes in live blocks (each rounded up to the alignment). */
  bytesInUse = 0;
  readonly #sizes = new Map<number, number>();
  readonly #freeStarts: number[] = [];
  readonly #freeSizes: number[] = [];
  #top: number;

  constructor(
    readonly memory: WebAssembly.Memory,
    start: number,
    readonly maxBytes: number = WASM32_MAX_BYTES,
    private readonly onGrow: () => void = () => {},
  ) {
    this.#top = alignUp(start);
  }

  /** Live blocks. */
  get blocks(): number {
    return this.#sizes.size;
  }

  /** The end of the highest block ever handed out and not yet returned. */
  get top(): number {
    return this.#top;
  }

  /** Free blocks below the top (1 after freeing two neighbours, not 2). */
  get freeBlocks(): number {
    return this.#freeStarts.length;
  }

  /** A block of at least `bytes` bytes (contents unspecified): its byte offset, a multiple of 64. */
  alloc(bytes: number): number {
    const size = alignUp(Math.max(bytes, 1));
    let best = -1;
    for (let i = 0; i < this.#freeSizes.length; i++) {
      const free = this.#freeSizes[i]!;
      if (free >= size && (best < 0 || free < this.#freeSizes[best]!)) {
        best = i;
        if (free === size) break;
      }
    }
    let offset: number;
    if (best >= 0) {
      offset = this.#freeStarts[best]!;
      const rest = this.#freeSizes[best]! - size;
      if (rest === 0) {
        this.#freeStarts.splice(best, 1);
        this.#freeSizes.splice(best, 1);
      } else {
        this.#freeStarts[best] = offset + size;
        this.#freeSizes[best] = rest;
      }
    } else {
      offset = this.#top;
      this.ensure(offset + size + READ_SLACK, bytes);
      this.#top = offset + size;
    }
    this.#sizes.set(offset, size);
    this.bytesInUse += size;
    return offset;
  }

  /** Returns the block at `offset` (from {@link HeapAllocator.alloc}); it must not be used afterwards. */
  free(offset: number): void {
    const size = this.#sizes.get(offset);
    if (size === undefined) {
      throw new RangeError(`HeapAllocator.free: expected the offset of a live block, got ${offset}.`);
    }
    this.#sizes.delete(offset);
    this.bytesInUse -= size;
    const starts = this.#freeStarts;
    const sizes = this.#freeSizes;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    let start = offset;
    let length = size;
    if (lo < starts.length && starts[lo] === offset + size) {
      length += sizes[lo]!;
      starts.splice(lo, 1);
      sizes.splice(lo, 1);
    }
    if (lo > 0 && starts[lo - 1]! + sizes[lo - 1]! === offset) {
      lo--;
      start = starts[lo]!;
      length += sizes[lo]!;
      starts.splice(lo, 1);
      sizes.splice(lo, 1);
    }
    if (start + length === this.#top) this.#top = start;
    else {
      starts.splice(lo, 0, start);
      sizes.splice(lo, 0, length);
    }
  }

  private ensure(end: number, requested: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const fail = () =>
      new OutOfMemoryError(
        `cpu backend: expected ${requested} more bytes to fit in the ${this.maxBytes} bytes of WebAssembly memory ` +
          `(wasm32's limit), got ${this.bytesInUse} bytes already in use; dispose tensors that are no longer ` +
          'needed (tidy, dispose) or use smaller batches.',
      );
    if (end > this.maxBytes) throw fail();
    try {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    } catch (cause) {
      if (cause instanceof RangeError) throw fail();
      throw cause;
    }
    this.onGrow();
  }
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / BLOCK_ALIGN) * BLOCK_ALIGN;
}
