import { type Shape, sizeFromShape } from '@strata/core';

/**
 * The flat source offset of every element of a strided view, in row-major order of `shape`:
 * `offsets[i] = offset + sum_d index_d(i) * strides[d]`. One routine serves every view kernel
 * (transpose, broadcast, slice and its scatter): each only chooses the strides.
 *
 * @example
 * ```ts
 * stridedOffsets([2, 3], [1, 2], 0); // Int32Array [0, 2, 4, 1, 3, 5], the transpose of a [3, 2]
 * ```
 */
export function stridedOffsets(shape: Shape, strides: readonly number[], offset: number): Int32Array {
  const size = sizeFromShape(shape);
  const out = new Int32Array(size);
  const rank = shape.length;
  if (size === 0) return out;
  if (rank === 0) {
    out[0] = offset;
    return out;
  }
  const inner = shape[rank - 1];
  const innerStride = strides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let base = offset;
  for (let o = 0; o < size; ) {
    for (let j = 0, s = base; j < inner; j++, s += innerStride) out[o++] = s;
    for (let d = rank - 2; d >= 0; d--) {
      base += strides[d];
      if (++index[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}
