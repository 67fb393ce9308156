import { type KernelFunc, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, unravel } from '../programs/index-math.js';

/**
 * Index of the first max/min along `axis`: one thread per output, a loop along the axis.
 *
 * @example
 * ```ts
 * const i = argReduce({ inputs: { x }, attrs: { op: 'argmax', axis: 1 }, backend });
 * ```
 */
export const argReduce: KernelFunc<'ArgReduce', GpuBackend> = ({
  inputs: { x },
  attrs: { op, axis },
  output,
  backend,
}) => {
  const kept = x.shape.map((_, d) => d).filter((d) => d !== axis);
  const { shape } = output;
  const strides = stridesFromShape(x.shape);
  const keptTerms = coordTerms(
    kept.map((d) => strides[d]!),
    shape,
  );
  const better = op === 'argmax' ? 'v > best' : 'v < best';
  const source = [
    'function(x) {',
    unravel(shape, backend.layout),
    `let best = x${at(backend, x, keptTerms)};`,
    'let index = 0.0;',
    `for (let k = 1; k < ${x.shape[axis]}; k++) {`,
    `let v = x${at(backend, x, [...keptTerms, ['k', strides[axis]!, x.shape[axis]!]])};`,
    `if (${better}) { best = v; index = k; }`,
    '}',
    'return index;',
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [x] }, shape, 'int32');
};
