import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, unravel } from '../programs/index-math.js';

/**
 * `index_select`: the coordinate on `axis` is looked up in `indices`.
 *
 * @example
 * ```ts
 * const y = gather({ inputs: { x, indices }, attrs: { axis: 0 }, backend });
 * ```
 */
export const gather: KernelFunc<'Gather', GpuBackend> = ({
  inputs: { x, indices },
  attrs: { axis },
  output,
  backend,
}) => {
  const { shape } = output;
  const read = at(
    backend,
    x,
    coordTerms(stridesFromShape(x.shape), x.shape, (d) => (d === axis ? 'g' : `c${d}`)),
  );
  const source = `function(x, i) {\n${unravel(shape, backend.layout)}\nlet g = i${at(backend, indices, [[`c${axis}`, 1, shape[axis]!]])};\nreturn x${read};\n}`;
  return backend.runProgram({ source, inputs: [x, indices] }, shape, x.dtype);
};
