import { type Shape, stridesFromShape } from '@strata/core';
import { stridedOffsets } from './strided-offsets.js';

/**
 * For an operand of shape `inShape` broadcast to `outShape` (NumPy rules, right-aligned), the
 * flat operand index read at every output element. Broadcast dimensions get stride 0. Kernels
 * test the fast cases (same shape, one element) themselves and come here for the rest.
 *
 * @example
 * ```ts
 * broadcastOffsets([3, 1], [3, 2]); // Int32Array [0, 0, 1, 1, 2, 2]
 * ```
 */
export function broadcastOffsets(inShape: Shape, outShape: Shape): Int32Array {
  const inStrides = stridesFromShape(inShape);
  const lead = outShape.length - inShape.length;
  const strides = outShape.map((_, d) => (d < lead || inShape[d - lead] === 1 ? 0 : inStrides[d - lead]));
  return stridedOffsets(outShape, strides, 0);
}
