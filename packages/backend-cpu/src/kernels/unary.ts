import type { KernelFunc, TypedArray, UnaryOp } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

type Loop = (x: TypedArray, out: TypedArray) => void;

// One loop per op, each its own function, so V8 sees a single operation at every call site (a
// shared loop calling `f(x[i])` goes megamorphic and costs a call per element). Each computes in
// double; storing into the output array rounds float32 results once and wraps int32 results
// modulo 2^32, as int32 arithmetic does.
const LOOPS: Record<UnaryOp, Loop> = {
  neg: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = -x[i];
  },
  abs: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]);
  },
  exp: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
  },
  log: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
  },
  sqrt: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]);
  },
  // Math.max propagates NaN, as torch.relu does.
  relu: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.max(x[i], 0);
  },
  sigmoid: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = sigmoid(x[i]);
  },
  tanh: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
  },
  // PyTorch's sign is `(0 < x) - (x < 0)`: NaN and -0 give 0.
  sign: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0;
  },
  floor: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.floor(x[i]);
  },
  ceil: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.ceil(x[i]);
  },
  round: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = roundHalfToEven(x[i]);
  },
  logicalNot: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i] === 0 ? 1 : 0;
  },
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
  const out = backend.allocate(dtype, src.length);
  LOOPS[op](src, out);
  return backend.makeOutput(out, x.shape, dtype);
};
