import { DTypeError } from './errors.js';

/**
 * The element types a tensor can hold. `float32`, `int32` and `bool` exist on every backend;
 * `float64` only where a backend declares it (the CPU backend does, for gradient checks).
 *
 * @example
 * ```ts
 * const labels = tensor([3, 1], { dtype: 'int32' });
 * labels.dtype; // 'int32'
 * ```
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/**
 * The typed array that holds each dtype on the host.
 *
 * @example
 * ```ts
 * const a: DataTypeMap['int32'] = new Int32Array(3);
 * ```
 */
export interface DataTypeMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/**
 * Any of the typed arrays in {@link DataTypeMap}.
 *
 * @example
 * ```ts
 * const values: TypedArray = new Float32Array([1, 2]);
 * ```
 */
export type TypedArray = DataTypeMap[DType];

const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/**
 * Whether `value` names a dtype.
 *
 * @example
 * ```ts
 * isDType('float32'); // true
 * ```
 */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/**
 * A zero-filled typed array of the right kind for `dtype`.
 *
 * @example
 * ```ts
 * makeTypedArray('int32', 4); // Int32Array(4) [0, 0, 0, 0]
 * ```
 */
export function makeTypedArray<D extends DType>(dtype: D, size: number): DataTypeMap[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as DataTypeMap[D];
    case 'float64':
      return new Float64Array(size) as DataTypeMap[D];
    case 'int32':
      return new Int32Array(size) as DataTypeMap[D];
    case 'bool':
      return new Uint8Array(size) as DataTypeMap[D];
    default:
      throw new DTypeError(`makeTypedArray: expected one of ${DTYPES.join(', ')}, got ${String(dtype)}.`);
  }
}

/**
 * Bytes one element of `dtype` takes.
 *
 * @example
 * ```ts
 * bytesPerElement('float32'); // 4
 * ```
 */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
}

/**
 * Whether `dtype` is a floating-point type.
 *
 * @example
 * ```ts
 * isFloat('int32'); // false
 * ```
 */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * The dtype two tensors are computed in, as PyTorch promotes: bool < int32 < float32 < float64.
 *
 * @example
 * ```ts
 * promoteTypes('int32', 'float32'); // 'float32'
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype a plain JS number takes next to a tensor of `dtype`: numbers are "weak" like Python
 * scalars in PyTorch, so `int32 * 2` stays int32 while `int32 * 2.5` and `bool + 1.5` become
 * float32, and booleans never widen a tensor.
 *
 * @example
 * ```ts
 * scalarResultType('int32', 2.5); // 'float32'
 * ```
 */
export function scalarResultType(dtype: DType, value: number | boolean): DType {
  if (typeof value === 'boolean') return dtype;
  if (isFloat(dtype)) return dtype;
  if (!Number.isInteger(value)) return 'float32';
  return dtype === 'bool' ? 'int32' : dtype;
}
