import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

// Below this many elements a plain loop beats creating a subarray for `set`.
const BLOCK_COPY_MIN = 64;

/**
 * Joins tensors along `axis`: for every index of the leading dimensions, the blocks of each
 * input are copied one after the other.
 *
 * @example
 * ```ts
 * const c = concat({ inputs: { xs: [a, b] }, attrs: { axis: 0 }, backend });
 * ```
 */
export const concat: KernelFunc<'Concat', CpuBackend> = ({ inputs: { xs }, attrs: { axis }, output, backend }) => {
  const first = xs[0];
  const out = backend.allocate(output.dtype, sizeFromShape(output.shape));
  const outer = sizeFromShape(first.shape.slice(0, axis));
  const parts = xs.map((x) => ({ values: backend.values(x.dataId), block: sizeFromShape(x.shape.slice(axis)) }));
  let o = 0;
  for (let r = 0; r < outer; r++) {
    for (const { values, block } of parts) {
      const start = r * block;
      if (block >= BLOCK_COPY_MIN) {
        out.set(values.subarray(start, start + block), o);
        o += block;
      } else {
        for (let j = 0; j < block; j++) out[o++] = values[start + j];
      }
    }
  }
  return backend.makeOutput(out, output.shape, output.dtype);
};
