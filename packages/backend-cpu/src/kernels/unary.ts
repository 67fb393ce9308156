import { type KernelFunc, makeTypedArray, type UnaryOp } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

// Each function computes in double; storing into the output array rounds float32 results once
// and wraps int32 results modulo 2^32, as int32 arithmetic does.
const OPS: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  // Math.max propagates NaN, as torch.relu does.
  relu: (x) => Math.max(x, 0),
  sigmoid,
  tanh: Math.tanh,
  // PyTorch's sign is `(0 < x) - (x < 0)`: NaN and -0 give 0.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfToEven,
  logicalNot: (x) => (x === 0 ? 1 : 0),
};

/** Never exponentiates a positive number, so large |x| neither overflows nor loses the tail. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** `torch.round`: halfway cases go to the even neighbour, where `Math.round` sends them up. */
function roundHalfToEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Elementwise one-input operations. The output has x's dtype, bool for `logicalNot`.
 *
 * @example
 * ```ts
 * const y = unary({ inputs: { x }, attrs: { op: 'relu' }, backend });
 * ```
 */
export const unary: KernelFunc<'Unary', CpuBackend> = ({ inputs: { x }, attrs: { op }, backend }) => {
  const src = backend.values(x.dataId);
  const dtype = op === 'logicalNot' ? 'bool' : x.dtype;
  const out = makeTypedArray(dtype, src.length);
  const f = OPS[op];
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return backend.makeOutput(out, x.shape, dtype);
};
