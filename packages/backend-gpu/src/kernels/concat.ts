import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, num, unravel } from '../programs/index-math.js';

/**
 * Joins tensors along `axis`: each output element reads the input whose range holds its
 * coordinate on the axis. Empty inputs take no argument slot.
 *
 * @example
 * ```ts
 * const y = concat({ inputs: { xs: [a, b] }, attrs: { axis: 0 }, backend });
 * ```
 */
export const concat: KernelFunc<'Concat', GpuBackend> = ({ inputs: { xs }, attrs: { axis }, output, backend }) => {
  const { shape } = output;
  const parts = xs.filter((x) => x.shape.every((d) => d > 0));
  const lines = [`function(${parts.map((_, i) => `x${i}`).join(', ')}) {`, unravel(shape, backend.layout)];
  let start = 0;
  parts.forEach((x, i) => {
    const end = start + x.shape[axis]!;
    const from = start;
    const read = `x${i}${at(
      backend,
      x,
      coordTerms(stridesFromShape(x.shape), x.shape, (d) => (d === axis ? `(c${d} - ${num(from)})` : `c${d}`)),
    )}`;
    lines.push(i === parts.length - 1 ? `return ${read};` : `if (c${axis} < ${num(end)}) { return ${read}; }`);
    start = end;
  });
  lines.push('}');
  return backend.runProgram({ source: lines.join('\n'), inputs: parts }, shape, output.dtype);
};
