import { type DType, makeTypedArray, type TypedArray } from '@strata/core';

/**
 * The array type of each dtype, the key arrays are pooled under.
 *
 * @example
 * ```ts
 * const view = new ARRAY_TYPE.int32(buffer, offset, length);
 * ```
 */
export const ARRAY_TYPE: Record<
  DType,
  { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray; readonly BYTES_PER_ELEMENT: number }
> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

/**
 * Typed arrays of disposed tensors, kept by dtype and length for the next buffer of that size.
 * JavaScript frees an array only when the garbage collector runs, so without the pool a
 * training loop's memory would rise by the garbage of many steps before each collection; with
 * it, a loop whose steps repeat the same shapes reuses the same arrays, and its memory stays
 * where the first step left it. The pool holds at most `capacityBytes`; arrays beyond are left
 * to the collector.
 *
 * @example
 * ```ts
 * const pool = new BufferPool(256 * 2 ** 20);
 * const a = pool.take('float32', 1024); // zeros
 * pool.give(a);
 * pool.take('float32', 1024) === a; // true
 * ```
 */
export class BufferPool {
  readonly capacityBytes: number;
  readonly #free = new Map<unknown, Map<number, TypedArray[]>>();
  #bytes = 0;
  /** Arrays `take` created because none of the size was free. */
  allocated = 0;
  /** Arrays `take` handed out again. */
  reused = 0;

  constructor(capacityBytes: number) {
    this.capacityBytes = capacityBytes;
  }

  /** Bytes of the arrays waiting in the pool. */
  get bytes(): number {
    return this.#bytes;
  }

  /** A zero-filled array of `length` elements of `dtype`: a pooled one, else a new one. */
  take(dtype: DType, length: number): TypedArray {
    const free = this.#free.get(ARRAY_TYPE[dtype])?.get(length)?.pop();
    if (free === undefined) {
      this.allocated++;
      return makeTypedArray(dtype, length);
    }
    this.reused++;
    this.#bytes -= free.byteLength;
    free.fill(0);
    return free;
  }

  /** Keeps `values` for a later `take` of its dtype and length, unless the pool is full. */
  give(values: TypedArray): void {
    if (this.#bytes + values.byteLength > this.capacityBytes) return;
    let bySize = this.#free.get(values.constructor);
    if (bySize === undefined) {
      bySize = new Map();
      this.#free.set(values.constructor, bySize);
    }
    const list = bySize.get(values.length);
    if (list === undefined) bySize.set(values.length, [values]);
    else list.push(values);
    this.#bytes += values.byteLength;
  }
}
