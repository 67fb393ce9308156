import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

/**
 * Index (int32) of the first maximum or minimum along `axis`, which is dropped from the shape.
 * A NaN counts as both the maximum and the minimum, so the first NaN wins, as in PyTorch.
 *
 * @example
 * ```ts
 * const i = argReduce({ inputs: { x }, attrs: { op: 'argmax', axis: 1 }, backend });
 * ```
 */
export const argReduce: KernelFunc<'ArgReduce', CpuBackend> = ({
  inputs: { x },
  attrs: { op, axis },
  output,
  backend,
}) => {
  const src = backend.values(x.dataId);
  const outer = sizeFromShape(x.shape.slice(0, axis));
  const length = x.shape[axis];
  const inner = sizeFromShape(x.shape.slice(axis + 1));
  const out = backend.allocate('int32', outer * inner);
  // argmin is argmax of the negated values; negating keeps NaN a NaN.
  const sign = op === 'argmax' ? 1 : -1;
  // The running best of every inner position, so each row of the input is read contiguously.
  const best = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * length * inner;
    const outBase = o * inner;
    for (let j = 0; j < inner; j++) best[j] = sign * src[base + j];
    for (let k = 1; k < length; k++) {
      const rowStart = base + k * inner;
      for (let j = 0; j < inner; j++) {
        const v = sign * src[rowStart + j];
        const b = best[j];
        if (v > b || (Number.isNaN(v) && !Number.isNaN(b))) {
          best[j] = v;
          out[outBase + j] = k;
        }
      }
    }
  }
  return backend.makeOutput(out, output.shape, output.dtype);
};
