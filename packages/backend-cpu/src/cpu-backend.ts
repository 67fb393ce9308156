import {
  type Backend,
  type BackendCapabilities,
  type BackendMemory,
  type DataId,
  DisposedError,
  type DType,
  makeTypedArray,
  type Shape,
  type TensorInfo,
  type TypedArray,
} from '@strata/core';

/**
 * The CPU backend: every buffer is a typed array on the JS heap, and every kernel is a loop over
 * typed arrays (registered in `index.ts`). `float64` is supported so gradient checks can run in
 * double precision.
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
    floatPrecision: 32,
    syncRead: true,
    maxTensorSize: 2 ** 31 - 1,
  };
  private readonly buffers = new Map<DataId, TypedArray>();
  private bytes = 0;

  /** `name` is the registered name: `'cpu'`, or another for a second registration in tests. */
  constructor(name = 'cpu') {
    this.name = name;
  }

  write(values: TypedArray, _shape: Shape, dtype: DType): DataId {
    // `set` converts, so a caller passing e.g. a Float32Array for an int32 tensor still gets the
    // array type the kernels expect for `dtype`.
    const copy = makeTypedArray(dtype, values.length);
    copy.set(values);
    return this.store(copy);
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
  }

  memory(): BackendMemory {
    return { bytes: this.bytes, buffers: this.buffers.size };
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

  private store(values: TypedArray): DataId {
    const dataId: DataId = {};
    this.buffers.set(dataId, values);
    this.bytes += values.byteLength;
    return dataId;
  }
}
