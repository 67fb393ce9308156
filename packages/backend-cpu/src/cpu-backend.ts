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
import { ARRAY_TYPE, BufferPool } from './buffer-pool.js';
import { wasmHeap } from './wasm/load-wasm.js';
import type { WasmHeap } from './wasm/wasm-heap.js';

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
  /** Bytes of disposed buffers kept for reuse by later outputs of the same size, in `'js'` storage; 0 turns reuse off. */
  readonly poolBytes?: number;
  /**
   * Where tensors live: `'wasm'`, in the WebAssembly kernels' shared memory, which kernels read
   * and write in place (the default where that memory exists and is shared: Node, and
   * cross-origin isolated pages); `'js'`, typed arrays on the JS heap, copied into the
   * WebAssembly memory for each kernel (the default elsewhere, and with `STRATA_WASM=off`).
   */
  readonly storage?: 'wasm' | 'js';
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
  /**
   * Buffers with their own new JS-heap `ArrayBuffer`: in `'js'` storage, the outputs, uploads
   * and scratch the pool had none for; in `'wasm'` storage, arrays a kernel made itself and
   * handed to `makeOutput` (every other buffer is a block of WebAssembly memory).
   */
  readonly buffersAllocated: number;
  /** Buffers drawn from the pool of disposed ones (`'js'` storage). */
  readonly buffersReused: number;
  /** Bytes of disposed buffers waiting in the pool (not counted in `memory()`). */
  readonly pooledBytes: number;
  /** Blocks of WebAssembly memory this backend took for buffers (`'wasm'` storage), freed or not. */
  readonly blocksAllocated: number;
  /**
   * Bytes in live blocks of the WebAssembly memory, shared by every CPU backend and the kernels'
   * scratch (0 without WebAssembly).
   */
  readonly wasmBytesInUse: number;
  /** Size of the WebAssembly memory, which grows on demand and never shrinks (0 without WebAssembly). */
  readonly wasmMemoryBytes: number;
}

/**
 * The CPU backend: every buffer is a typed array, and every kernel a loop over typed arrays or a
 * WebAssembly kernel (registered by `registerCpuKernels`). In `'wasm'` storage (see
 * {@link CpuBackendOptions.storage}) the arrays are views of blocks of the WebAssembly memory,
 * freed when their tensor is disposed, so kernels read and write them in place and a training
 * loop allocates nothing on the JS heap; in `'js'` storage, disposed arrays are reused for later
 * outputs of the same dtype and length (up to `poolBytes`), so memory does not wait on the
 * garbage collector. `float64` is supported so gradient checks can run in double precision.
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
  /** Where this backend's tensors live (see {@link CpuBackendOptions.storage}). */
  readonly storage: 'wasm' | 'js';
  private readonly buffers = new Map<DataId, TypedArray>();
  private bytes = 0;
  readonly #pool: BufferPool;
  /** The heap tensors live in, in `'wasm'` storage. */
  readonly #heap: WasmHeap | undefined;
  #blocksAllocated = 0;
  #adopted = 0;

  /**
   * `name` is the registered name: `'cpu'`, or another for a second registration in tests;
   * `options.poolBytes` bounds the bytes of disposed buffers kept for reuse (256 MiB by default);
   * `options.storage` says where tensors live.
   */
  constructor(name = 'cpu', options: CpuBackendOptions = {}) {
    checkOptions('CpuBackend', options, ['poolBytes', 'storage']);
    this.name = name;
    const poolBytes = options.poolBytes ?? DEFAULT_POOL_BYTES;
    if (!Number.isFinite(poolBytes) || poolBytes < 0) {
      throw new ArgumentError(`cpu backend: expected options.poolBytes to be a byte count >= 0, got ${poolBytes}.`);
    }
    this.#pool = new BufferPool(poolBytes);
    // Growing a memory that is not shared detaches every view of it, so tensors could not keep
    // views across a kernel that grows it: without shared memory they stay on the JS heap.
    const heap = wasmHeap?.shared ? wasmHeap : undefined;
    const storage = options.storage ?? (heap === undefined ? 'js' : 'wasm');
    if (storage !== 'wasm' && storage !== 'js') {
      throw new ArgumentError(`cpu backend: expected options.storage to be 'wasm' or 'js', got ${String(storage)}.`);
    }
    if (storage === 'wasm' && heap === undefined) {
      throw new ArgumentError(
        "cpu backend: expected options.storage 'wasm' only where the WebAssembly kernels run on shared memory, got " +
          `${wasmHeap === undefined ? 'no WebAssembly kernels' : 'a memory that is not shared (a page that is not cross-origin isolated)'}; pass storage: 'js'.`,
      );
    }
    this.storage = storage;
    this.#heap = storage === 'wasm' ? heap : undefined;
  }

  write(values: TypedArray, _shape: Shape, dtype: DType): DataId {
    // `set` converts, so a caller passing e.g. a Float32Array for an int32 tensor still gets the
    // array type the kernels expect for `dtype`.
    const copy = this.allocate(dtype, values.length);
    copy.set(values);
    return this.store(copy);
  }

  /**
   * A zero-filled array for a kernel's output or scratch: in `'wasm'` storage a view of a new
   * block of WebAssembly memory (whose offset WebAssembly kernels write at), in `'js'` storage
   * one a disposed tensor left in the pool when there is one of this dtype and length, so a loop
   * repeating the same shapes allocates nothing after its first step.
   *
   * @example
   * ```ts
   * const out = backend.allocate('float32', 4) as Float32Array;
   * return backend.makeOutput(out, [2, 2], 'float32');
   * ```
   */
  allocate<D extends DType>(dtype: D, length: number): DataTypeMap[D] {
    const values = this.allocateOutput(dtype, length);
    if (this.#heap !== undefined) values.fill(0);
    return values;
  }

  /**
   * Like {@link CpuBackend.allocate}, for an output the kernel writes in full: a block of
   * WebAssembly memory is handed out as it is, with what a freed tensor left there, which saves
   * clearing it (a pooled JS-heap array is still zero-filled).
   *
   * @example
   * ```ts
   * const out = backend.allocateOutput('float32', m * n);
   * heap.sgemm(m, n, k, a, k, 1, b, n, 1, heap.outputPointer(out), n, 0);
   * ```
   */
  allocateOutput<D extends DType>(dtype: D, length: number): DataTypeMap[D] {
    const heap = this.#heap;
    if (heap === undefined) return this.#pool.take(dtype, length) as DataTypeMap[D];
    const type = ARRAY_TYPE[dtype];
    const ptr = heap.allocator.alloc(length * type.BYTES_PER_ELEMENT);
    this.#blocksAllocated++;
    return new type(heap.buffer, ptr, length) as DataTypeMap[D];
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
    const heap = this.#heap;
    // In 'wasm' storage nothing draws from the pool, so a JS-heap array is left to the collector.
    if (heap === undefined) this.#pool.give(values);
    else if (heap.isView(values)) heap.allocator.free(values.byteOffset);
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
    this.recycle(values);
  }

  /**
   * This backend's live tensors and their bytes (elements times their size: not the 64-byte
   * rounding of WebAssembly blocks, the kernels' scratch, or the pool; see {@link CpuBackend.stats}).
   *
   * @example
   * ```ts
   * backend.memory(); // { bytes: 8, buffers: 1 } after one float32 tensor of 2 elements
   * ```
   */
  memory(): BackendMemory {
    return { bytes: this.bytes, buffers: this.buffers.size };
  }

  /**
   * Buffers and blocks allocated and reused so far, the bytes waiting in the pool, and the
   * WebAssembly memory's use and size; tests and benchmarks difference two snapshots.
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
      buffersAllocated: this.#pool.allocated + this.#adopted,
      buffersReused: this.#pool.reused,
      pooledBytes: this.#pool.bytes,
      blocksAllocated: this.#blocksAllocated,
      wasmBytesInUse: wasmHeap?.allocator.bytesInUse ?? 0,
      wasmMemoryBytes: wasmHeap?.memory.buffer.byteLength ?? 0,
    };
  }

  /**
   * The typed array behind `dataId`, not copied: kernels read it and must not write to it (but
   * `ElementwiseInPlace`, which writes its targets' arrays).
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
   * The typed array behind `dataId` for a kernel that writes it in place: in `'wasm'` storage an
   * array on the JS heap (one a kernel made itself) first moves into a block of WebAssembly
   * memory, so that this write and every later kernel reach it there without a copy.
   *
   * @example
   * ```ts
   * const target = backend.valuesInHeap(info.dataId, info.dtype) as Float32Array;
   * ```
   */
  valuesInHeap(dataId: DataId, dtype: DType): TypedArray {
    const values = this.values(dataId);
    const heap = this.#heap;
    if (heap === undefined || heap.isView(values)) return values;
    const moved = this.allocateOutput(dtype, values.length);
    moved.set(values);
    this.buffers.set(dataId, moved);
    return moved;
  }

  /**
   * Adopts `values` (not copied; the kernel must not touch it afterwards) as a new buffer and
   * describes it as a kernel output: an array from {@link CpuBackend.allocate}, or one the
   * kernel made itself (which, in `'wasm'` storage, stays on the JS heap).
   *
   * @example
   * ```ts
   * return backend.makeOutput(backend.allocate('float32', 4), [2, 2], 'float32');
   * ```
   */
  makeOutput(values: TypedArray, shape: Shape, dtype: DType): TensorInfo {
    if (this.#heap !== undefined && !this.#heap.isView(values)) this.#adopted++;
    return { dataId: this.store(values), shape: [...shape], dtype };
  }

  private store(values: TypedArray): DataId {
    const dataId: DataId = {};
    this.buffers.set(dataId, values);
    this.bytes += values.byteLength;
    return dataId;
  }
}
