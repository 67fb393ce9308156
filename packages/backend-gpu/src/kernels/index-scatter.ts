import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, fillSource, unravel } from '../programs/index-math.js';

/**
 * The adjoint of `Gather` (`index_copy` / `index_add`): one thread per output element starts from
 * `x` and walks the index list in order, taking (or adding) the `values` slice of every index that
 * names its coordinate on `axis`, so the last repeat wins a copy.
 *
 * @example
 * ```ts
 * const y = indexScatter({ inputs: { x, indices, values }, attrs: { axis: 0, accumulate: true }, backend });
 * ```
 */
export const indexScatter: KernelFunc<'IndexScatter', GpuBackend> = ({
  inputs: { x, indices, values },
  attrs: { axis, accumulate },
  backend,
}) => {
  if (x.shape.some((d) => d === 0)) return backend.runProgram({ source: fillSource(0), inputs: [] }, x.shape, x.dtype);
  const count = indices.shape[0] ?? 1;
  const own = at(backend, x, coordTerms(stridesFromShape(x.shape), x.shape));
  if (count === 0) {
    const copy = `function(x) {\n${unravel(x.shape, backend.layout)}\nreturn x${own};\n}`;
    return backend.runProgram({ source: copy, inputs: [x] }, x.shape, x.dtype);
  }
  const update = at(
    backend,
    values,
    coordTerms(stridesFromShape(values.shape), values.shape, (d) => (d === axis ? 'm' : `c${d}`)),
  );
  const source = [
    'function(x, i, v) {',
    unravel(x.shape, backend.layout),
    `let s = x${own};`,
    `for (let m = 0; m < ${count}; m++) {`,
    `if (i${at(backend, indices, [['m', 1, count]])} == c${axis}) { s = ${accumulate ? 's + ' : ''}v${update}; }`,
    '}',
    'return s;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [x, indices, values] }, x.shape, x.dtype);
};
