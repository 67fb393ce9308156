import type { DType, TypedArray } from '@strata/core';

/**
 * @internal How a safetensors dtype is read: its item size and the strata dtype it becomes.
 *
 * @example
 * ```ts
 * const f16: StoredDType = STORED_DTYPES.F16!; // { itemsize: 2, dtype: 'float32', read }
 * ```
 */
export interface StoredDType {
  readonly itemsize: number;
  readonly dtype: DType;
  /**
   * Reads `count` little-endian elements at byte `offset`; `fail` reports a value strata cannot
   * hold, as the contract and what was found.
   */
  read(view: DataView, offset: number, count: number, fail: (expected: string, got: string) => never): TypedArray;
}

// DataView reads are little-endian whatever the host's byte order, and take unaligned offsets,
// which files from other writers may have.
function reader<A extends Int32Array | Float32Array | Float64Array | Uint8Array>(
  make: (count: number) => A,
  itemsize: number,
  get: (view: DataView, at: number) => number,
): (view: DataView, offset: number, count: number) => A {
  return (view, offset, count) => {
    const out = make(count);
    for (let i = 0; i < count; i++) out[i] = get(view, offset + i * itemsize);
    return out;
  };
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const scratch = new DataView(new ArrayBuffer(4));

// bfloat16 is the top half of a float32.
function bfloatToFloat(bits: number): number {
  scratch.setUint32(0, bits << 16, true);
  return scratch.getFloat32(0, true);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * @internal Every safetensors dtype strata reads, by its code in the header.
 *
 * @example
 * ```ts
 * STORED_DTYPES.I64!.read(view, offset, 1, fail); // Int32Array [3]
 * ```
 */
export const STORED_DTYPES: Readonly<Record<string, StoredDType>> = {
  F64: {
    itemsize: 8,
    dtype: 'float64',
    read: reader(
      (n) => new Float64Array(n),
      8,
      (v, at) => v.getFloat64(at, true),
    ),
  },
  F32: {
    itemsize: 4,
    dtype: 'float32',
    read: reader(
      (n) => new Float32Array(n),
      4,
      (v, at) => v.getFloat32(at, true),
    ),
  },
  F16: {
    itemsize: 2,
    dtype: 'float32',
    read: reader(
      (n) => new Float32Array(n),
      2,
      (v, at) => halfToFloat(v.getUint16(at, true)),
    ),
  },
  BF16: {
    itemsize: 2,
    dtype: 'float32',
    read: reader(
      (n) => new Float32Array(n),
      2,
      (v, at) => bfloatToFloat(v.getUint16(at, true)),
    ),
  },
  I64: {
    itemsize: 8,
    dtype: 'int32',
    // strata has no int64; PyTorch stores counters (BatchNorm's num_batches_tracked) and
    // indices as int64, which fit int32 in practice, so narrow them and refuse what does not fit.
    read: (view, offset, count, fail) => {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const value = view.getBigInt64(offset + i * 8, true);
        if (value < INT32_MIN || value > INT32_MAX) {
          fail(
            `I64 values within int32's range [${INT32_MIN}, ${INT32_MAX}]`,
            `${value} at flat index ${i}; strata has no int64 dtype`,
          );
        }
        out[i] = Number(value);
      }
      return out;
    },
  },
  I32: {
    itemsize: 4,
    dtype: 'int32',
    read: reader(
      (n) => new Int32Array(n),
      4,
      (v, at) => v.getInt32(at, true),
    ),
  },
  I16: {
    itemsize: 2,
    dtype: 'int32',
    read: reader(
      (n) => new Int32Array(n),
      2,
      (v, at) => v.getInt16(at, true),
    ),
  },
  I8: {
    itemsize: 1,
    dtype: 'int32',
    read: reader(
      (n) => new Int32Array(n),
      1,
      (v, at) => v.getInt8(at),
    ),
  },
  U8: {
    itemsize: 1,
    dtype: 'int32',
    read: reader(
      (n) => new Int32Array(n),
      1,
      (v, at) => v.getUint8(at),
    ),
  },
  BOOL: {
    itemsize: 1,
    dtype: 'bool',
    read: reader(
      (n) => new Uint8Array(n),
      1,
      (v, at) => (v.getUint8(at) === 0 ? 0 : 1),
    ),
  },
};

function writer(
  itemsize: number,
  set: (view: DataView, at: number, x: number) => void,
): (view: DataView, offset: number, values: TypedArray) => void {
  return (view, offset, values) => {
    for (let i = 0; i < values.length; i++) set(view, offset + i * itemsize, values[i]!);
  };
}

/**
 * @internal How a strata dtype is written: its safetensors code and item size.
 *
 * @example
 * ```ts
 * const bool: WrittenDType = WRITTEN_DTYPES.bool; // { code: 'BOOL', itemsize: 1, write }
 * ```
 */
export interface WrittenDType {
  readonly code: string;
  readonly itemsize: number;
  /** Writes `values` little-endian from byte `offset`. */
  write(view: DataView, offset: number, values: TypedArray): void;
}

/**
 * @internal How each strata dtype is written.
 *
 * @example
 * ```ts
 * WRITTEN_DTYPES.float32.write(view, 0, new Float32Array([1.5]));
 * ```
 */
export const WRITTEN_DTYPES: Readonly<Record<DType, WrittenDType>> = {
  float64: { code: 'F64', itemsize: 8, write: writer(8, (v, at, x) => v.setFloat64(at, x, true)) },
  float32: { code: 'F32', itemsize: 4, write: writer(4, (v, at, x) => v.setFloat32(at, x, true)) },
  int32: { code: 'I32', itemsize: 4, write: writer(4, (v, at, x) => v.setInt32(at, x, true)) },
  bool: { code: 'BOOL', itemsize: 1, write: writer(1, (v, at, x) => v.setUint8(at, x === 0 ? 0 : 1)) },
};
