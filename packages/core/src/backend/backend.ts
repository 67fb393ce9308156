import type { DType, TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

/**
 * The opaque handle a backend gives for one buffer. Only the backend that made it can read it.
 *
 * @example
 * ```ts
 * const id: DataId = backend.write(new Float32Array([1]), [1], 'float32');
 * ```
 */
export type DataId = object;

/**
 * What a kernel sees of a tensor: its buffer, shape and dtype (always contiguous, row-major).
 *
 * @example
 * ```ts
 * const info: TensorInfo = { dataId, shape: [2, 2], dtype: 'float32' };
 * ```
 */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: Shape;
  readonly dtype: DType;
}

/**
 * What a backend declares it can do; core consults these, never try/catch.
 *
 * @example
 * ```ts
 * if (getBackend().capabilities.dtypes.includes('float64')) { ... }
 * ```
 */
export interface BackendCapabilities {
  /** The dtypes its tensors can hold. */
  readonly dtypes: readonly DType[];
  /** Whether `readSync` works. */
  readonly syncRead: boolean;
  /** The largest number of elements one tensor may have. */
  readonly maxTensorSize: number;
}

/**
 * Memory a backend holds right now.
 *
 * @example
 * ```ts
 * const { bytes, buffers } = getBackend().memory();
 * ```
 */
export interface BackendMemory {
  readonly bytes: number;
  readonly buffers: number;
}

/**
 * The one contract every backend meets: storage plus declared capabilities. Kernels are not
 * methods of the backend; they are registered under its name with `registerKernel`.
 *
 * @example
 * ```ts
 * class MyBackend implements Backend { readonly name = 'mine'; ... }
 * registerBackend('mine', () => new MyBackend());
 * ```
 */
export interface Backend {
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  /** Copies host values into a new buffer. `values.length` equals the product of `shape`. */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId;
  /** Reads a buffer back to the host. The returned array is a copy the caller may keep. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Reads a buffer synchronously; only when `capabilities.syncRead`. */
  readSync(dataId: DataId): TypedArray;
  /** Frees a buffer. Called once, when the last tensor using it is disposed or collected. */
  disposeData(dataId: DataId): void;
  /** What the backend holds now. */
  memory(): BackendMemory;
}
