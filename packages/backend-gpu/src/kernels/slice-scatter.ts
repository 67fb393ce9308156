import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, fillSource, num, unravel } from '../programs/index-math.js';

/**
 * The adjoint of `Slice`: each output element finds the `x` element placed on it, or is zero.
 *
 * @example
 * ```ts
 * const y = sliceScatter({ inputs: { x }, attrs: { shape: [4], begin: [1], step: [2] }, backend });
 * ```
 */
export const sliceScatter: KernelFunc<'SliceScatter', GpuBackend> = ({
  inputs: { x },
  attrs: { shape, begin, step },
  backend,
}) => {
  if (x.shape.some((d) => d === 0)) return backend.runProgram({ source: fillSource(0), inputs: [] }, shape, x.dtype);
  const lines = ['function(x) {', unravel(shape, backend.layout)];
  shape.forEach((_, d) => {
    const s = step[d]!;
    lines.push(`let t${d} = c${d} - ${num(begin[d]!)};`, `if (t${d} < 0.0) { return 0.0; }`);
    if (s !== 1) {
      lines.push(
        `let q${d} = Math.floor((t${d} + 0.5) / ${num(s)});`,
        `if (t${d} - q${d} * ${num(s)} != 0.0) { return 0.0; }`,
      );
    } else {
      lines.push(`let q${d} = t${d};`);
    }
    lines.push(`if (q${d} >= ${num(x.shape[d]!)}) { return 0.0; }`);
  });
  lines.push(
    `return x${at(
      backend,
      x,
      coordTerms(stridesFromShape(x.shape), x.shape, (d) => `q${d}`),
    )};`,
    '}',
  );
  return backend.runProgram({ source: lines.join('\n'), inputs: [x] }, shape, x.dtype);
};
