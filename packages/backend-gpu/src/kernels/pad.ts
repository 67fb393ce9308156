import { type KernelFunc, type PadMode, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, num, unravel } from '../programs/index-math.js';

/** Statements mapping padded coordinate `c{d}` to source coordinate `t{d}` of a dimension of size `n`. */
function sourceCoord(mode: PadMode, d: number, before: number, n: number, value: number): string {
  const t = `let t${d} = c${d} - ${num(before)};`;
  switch (mode) {
    case 'constant':
      return `${t}\nif (t${d} < 0.0 || t${d} >= ${num(n)}) { return ${num(value)}; }`;
    case 'reflect':
      return `${t}\nif (t${d} < 0.0) { t${d} = -t${d}; }\nif (t${d} >= ${num(n)}) { t${d} = ${num(2 * (n - 1))} - t${d}; }`;
    case 'replicate':
      return `${t}\nt${d} = Math.min(Math.max(t${d}, 0.0), ${num(n - 1)});`;
    case 'circular':
      return `${t}\nt${d} = t${d} - Math.floor((t${d} + 0.5) / ${num(n)}) * ${num(n)};\nif (t${d} < 0.0) { t${d} = t${d} + ${num(n)}; }`;
  }
}

/**
 * Pads each dimension by `[before, after]` in one of torch's four modes.
 *
 * @example
 * ```ts
 * const y = pad({ inputs: { x }, attrs: { paddings: [[1, 2]], mode: 'reflect', value: 0 }, backend });
 * ```
 */
export const pad: KernelFunc<'Pad', GpuBackend> = ({
  inputs: { x },
  attrs: { paddings, mode, value },
  output,
  backend,
}) => {
  const { shape } = output;
  const empty = x.shape.some((n) => n === 0);
  const lines = ['function(x) {', unravel(shape, backend.layout)];
  if (empty) lines.push(`return ${num(value)};`);
  else {
    x.shape.forEach((n, d) => {
      lines.push(sourceCoord(mode, d, paddings[d]![0], n, value));
    });
    lines.push(
      `return x${at(
        backend,
        x,
        coordTerms(stridesFromShape(x.shape), x.shape, (d) => `t${d}`),
      )};`,
    );
  }
  lines.push('}');
  return backend.runProgram({ source: lines.join('\n'), inputs: empty ? [] : [x] }, shape, x.dtype);
};
