import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { offsetExpr, unravel } from '../programs/index-math.js';

/**
 * `index_select`: the coordinate on `axis` is looked up in `indices`.
 *
 * @example
 * ```ts
 * const y = gather({ inputs: { x, indices }, attrs: { axis: 0 }, backend });
 * ```
 */
export const gather: KernelFunc<'Gather', GpuBackend> = ({ inputs: { x, indices }, attrs: { axis }, backend }) => {
  const shape = [...x.shape];
  shape[axis] = indices.shape.length === 0 ? 1 : indices.shape[0]!;
  const offset = offsetExpr(stridesFromShape(x.shape), 0, (d) => (d === axis ? 'g' : `c${d}`));
  const source = `function(x, i) {\n${unravel(shape)}\nlet g = i[c${axis}];\nreturn x[${offset}];\n}`;
  return backend.runProgram({ source, inputs: [x, indices] }, shape, x.dtype);
};
