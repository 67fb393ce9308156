import {
  ArgumentError,
  checkOptions,
  type Backend,
  type BackendCapabilities,
  type BackendMemory,
  type DataId,
  type DataTypeMap,
  DisposedError,
  type DType,
  type Shape,
  type TensorInfo,
  type TypedArray,
} from '@strata/core';
import { BufferPool } from './buffer-pool.js';

/** Default bound on the bytes of disposed buffers kept for reuse. */
const DEFAULT_POOL_BYTES = 256 * 2 ** 20;

/**
 * Options of {@link CpuBackend}.
 *
 * @example
 * ```ts
 * registerBackend('cpu-small', () => new CpuBackend('cpu-small', { poolBytes: 0 }));
 * ```
 */
export interface CpuBackendOptions {
  /** Bytes of disposed buffers kept for reuse by later outputs of the same size; 0 turns reuse off. */
  readonly poolBytes?: number;
}

/**
 * What {@link CpuBackend.stats} reports.
 *
 * @example
 * ```ts
 * const { buffersAllocated, buffersReused }: CpuStats = backend.stats();
 * ```
 */
export interface CpuStats {
  /** Buffers (outputs, uploads, scratch) that needed a new typed array. */
  readonly buffersAllocated: number;
  /** Buffers drawn from the pool of disposed ones. */
  readonly buffersReused: number;
  /** Bytes of disposed buffers waiting in the pool (not counted in `memory()`). */
  readonly pooledBytes: number;
}

/**
 * The CPU backend: every buffer is a typed array on the JS heap, and every kernel is a loop over
 * typed arrays (registered by `registerCpuKernels`). `float64` is supported so gradient checks can run in
 * double precision. Disposed buffers are reused for later outputs of the same dtype and length
 * (up to `poolBytes`), so memory does not wait on the garbage collector.
 *
 * @example
 * ```ts
 * const backend = new CpuBackend();
 * const id = backend.write(new Float32Array([1, 2]), [2], 'float32');
 * backend.readSync(id); // Float32Array [1, 2]
 * ```
 */
export class CpuBackend implements Backend {
  readonly name: string;
  readonly capabilities: BackendCapabilities = {
    dtypes: ['float32', 'float64', 'int32', 'bool'],
    syncRead: true,
    maxTensorSize: 2 ** 31 - 1,
  };
  private readonly buffers = new Map<DataId, TypedArray>();
  private bytes = 0;
  readonly #pool: BufferPool;

  /**
   * `name` is the registered name: `'cpu'`, or another for a second registration in tests;
   * `options.poolBytes` bounds the bytes of disposed buffers kept for reuse (256 MiB by default).
   */
  constructor(name = 'cpu', options: CpuBackendOptions = {}) {
    checkOptions('CpuBackend', options, ['poolBytes']);
    this.name = name;
    const poolBytes = options.poolBytes ?? DEFAULT_POOL_BYTES;
    if (!Number.isFinite(poolBytes) || poolBytes < 0) {
      throw new ArgumentError(`cpu backend: expected options.poolBytes to be a byte count >= 0, got ${poolBytes}.`);
    }
    this.#pool = new BufferPool(poolBytes);
  }

  write(values: TypedArray, _shape: Shape, dtype: DType): DataId {
    // `set` converts, so a caller passing e.g. a Float32Array for an int32 tensor still gets the
    // array type the kernels expect for `dtype`.
    const copy = this.allocate(dtype, values.length);
    copy.set(values);
    return this.store(copy);
  }

  /**
   * A zero-filled array for a kernel's output or scratch: one a disposed tensor left in the pool
   * when there is one of this dtype and length, so a loop repeating the same shapes allocates
   * nothing after its first step.
   *
   * @example
   * ```ts
   * const out = backend.allocate('float32', 4) as Float32Array;
   * return backend.makeOutput(out, [2, 2], 'float32');
   * ```
   */
  allocate<D extends DType>(dtype: D, length: number): DataTypeMap[D] {
    return this.#pool.take(dtype, length) as DataTypeMap[D];
  }

  /**
   * Hands a kernel's scratch array (from {@link CpuBackend.allocate}) back to the pool; the
   * kernel must not use it afterwards.
   *
   * @example
   * ```ts
   * const cols = backend.allocate('float32', patch * plane);
   * // ... im2col and GEMM ...
   * backend.recycle(cols);
   * ```
   */
  recycle(values: TypedArray): void {
    this.#pool.give(values);
  }

  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.readSync(dataId));
  }

  readSync(dataId: DataId): TypedArray {
    return this.values(dataId).slice();
  }

  disposeData(dataId: DataId): void {
    const values = this.buffers.get(dataId);
    if (values === undefined) return;
    this.bytes -= values.byteLength;
    this.buffers.delete(dataId);
    this.#pool.give(values);
  }

  memory(): BackendMemory {
    return { bytes: this.bytes, buffers: this.buffers.size };
  }

  /**
   * Buffers allocated and reused so far, and the bytes waiting in the pool; tests and benchmarks
   * difference two snapshots.
   *
   * @example
   * ```ts
   * const before = backend.stats();
   * step();
   * backend.stats().buffersAllocated - before.buffersAllocated; // 0 in a warmed-up loop
   * ```
   */
  stats(): CpuStats {
    return {
      buffersAllocated: this.#pool.allocated,
      buffersReused: this.#pool.reused,
      pooledBytes: this.#pool.bytes,
    };
  }

  /**
   * The typed array behind `dataId`, not copied: kernels read it and must not write to it.
   *
   * @example
   * ```ts
   * const x = backend.values(info.dataId) as Float32Array;
   * ```
   */
  values(dataId: DataId): TypedArray {
    const values = this.buffers.get(dataId);
    if (values === undefined) {
      throw new DisposedError(
        'cpu backend: expected a live buffer of this backend, got a disposed one or one from another backend.',
      );
    }
    return values;
  }

  /**
   * Adopts `values` (not copied; the kernel must not touch it afterwards) as a new buffer and
   * describes it as a kernel output.
   *
   * @example
   * ```ts
   * return backend.makeOutput(new Float32Array(4), [2, 2], 'float32');
   * ```
   */
  makeOutput(values: TypedArray, shape: Shape, dtype: DType): TensorInfo {
    return { dataId: this.store(values), shape: [...shape], dtype };
  }

  /**
   * Copies `values` (a view of the WebAssembly heap, which the next kernel overwrites) into a
   * pooled buffer and describes it as a kernel output.
   *
   * @example
   * ```ts
   * return backend.copyOutput(heap.f32(cPtr, m * n), [m, n], 'float32');
   * ```
   */
  copyOutput(values: TypedArray, shape: Shape, dtype: DType): TensorInfo {
    const out = this.allocate(dtype, values.length);
    out.set(values);
    return this.makeOutput(out, shape, dtype);
  }

  private store(values: TypedArray): DataId {
    const dataId: DataId = {};
    this.buffers.set(dataId, values);
    this.bytes += values.byteLength;
    return dataId;
  }
}
