import { type KernelFunc, sizeFromShape, type UnaryOp } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { num, returnAs, threadAt } from '../programs/index-math.js';

/** Statements computing `o` from the input value `v`. */
const BODIES: Record<UnaryOp, string> = {
  neg: 'let o = -v;',
  abs: 'let o = Math.abs(v);',
  // The extremes are spelled out: GL's exp and log are approximations, and SwiftShader's log(0)
  // is -88 (the log of the smallest float), not -inf. Below -104 float32 exp is 0 anyway. NaN
  // is passed through, and made for a negative log, by hand: SwiftShader's exp(NaN) is Infinity
  // and its log(NaN) and log(-Infinity) are finite.
  exp: 'let o = v != v ? v : (v < -104.0 ? 0.0 : Math.exp(v));',
  log: `let o = v != v ? v : (v < 0.0 ? ${num(Number.NaN)} : (v == 0.0 ? ${num(Number.NEGATIVE_INFINITY)} : Math.log(v)));`,
  sqrt: 'let o = Math.sqrt(v);',
  // NaN passes through, as in torch.relu; tested first, as Mesa folds the select into a max.
  relu: 'let o = v != v ? v : (v > 0.0 ? v : 0.0);',
  sigmoid: 'let o = v != v ? v : 1.0 / (1.0 + Math.exp(-v));',
  // exp of -2|v| never overflows, unlike the textbook (e^2v - 1) / (e^2v + 1).
  tanh: 'let e = Math.exp(-2.0 * Math.abs(v)); let t = (1.0 - e) / (1.0 + e); let o = v < 0.0 ? -t : t;',
  // As a difference: Mesa folds the nested select into one that gives -0 at 0.
  sign: 'let o = (v > 0.0 ? 1.0 : 0.0) - (v < 0.0 ? 1.0 : 0.0);',
  floor: 'let o = Math.floor(v);',
  ceil: 'let o = Math.ceil(v);',
  // Half to even, as torch.round.
  round:
    'let f = Math.floor(v); let d = v - f; let o = d > 0.5 ? f + 1.0 : (d < 0.5 ? f : (f - 2.0 * Math.floor(f / 2.0) == 0.0 ? f : f + 1.0));',
  logicalNot: 'let o = v == 0.0 ? 1.0 : 0.0;',
};

/**
 * `out = op(x)` elementwise, one program per op and size.
 *
 * @example
 * ```ts
 * const y = unary({ inputs: { x }, attrs: { op: 'relu' }, backend });
 * ```
 */
export const unary: KernelFunc<'Unary', GpuBackend> = ({ inputs: { x }, attrs: { op }, backend }) => {
  const dtype = op === 'logicalNot' ? 'bool' : x.dtype;
  const source = `function(x) {\nlet v = x${threadAt(backend.layout, sizeFromShape(x.shape))};\n${BODIES[op]}\n${returnAs(dtype, 'o')}\n}`;
  return backend.runProgram({ source, inputs: [x] }, x.shape, dtype);
};
