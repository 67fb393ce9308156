import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, unravel } from '../programs/index-math.js';

/**
 * `out.shape[i] = x.shape[perm[i]]`: each output coordinate steps by its source dimension's stride.
 *
 * @example
 * ```ts
 * const t = transpose({ inputs: { x }, attrs: { perm: [1, 0] }, backend });
 * ```
 */
export const transpose: KernelFunc<'Transpose', GpuBackend> = ({ inputs: { x }, attrs: { perm }, backend }) => {
  const strides = stridesFromShape(x.shape);
  const shape = perm.map((p) => x.shape[p]!);
  const source = `function(x) {\n${unravel(shape, backend.layout)}\nreturn x${at(
    backend,
    x,
    coordTerms(
      perm.map((p) => strides[p]!),
      shape,
    ),
  )};\n}`;
  return backend.runProgram({ source, inputs: [x] }, shape, x.dtype);
};
