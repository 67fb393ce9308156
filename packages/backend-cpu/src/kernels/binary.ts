import { type BinaryOp, broadcastShapes, type DType, type KernelFunc, shapesEqual, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { broadcastOffsets } from '../routines/broadcast-offsets.js';

type Op = (x: number, y: number) => number;

// Computed in double; storing rounds float32 results once (exact for + - * /) and wraps int32
// results of + and - modulo 2^32. Products and powers of int32 would lose their low bits in a
// double, so they get integer versions below.
const OPS: Record<BinaryOp, Op> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: floatPow,
  // NaN in either operand gives NaN, as torch.maximum / torch.minimum.
  maximum: (x, y) => (x > y || Number.isNaN(x) ? x : y),
  minimum: (x, y) => (x < y || Number.isNaN(x) ? x : y),
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
  logicalAnd: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  logicalOr: (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
};

const INT_OPS: Partial<Record<BinaryOp, Op>> = { mul: Math.imul, pow: intPow };

const BOOL_OPS: ReadonlySet<BinaryOp> = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr']);

/** `Math.pow` with C's `pow` at the edges where they differ: 1^y and (-1)^±inf are 1. */
function floatPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY))) return 1;
  return x ** y;
}

/** int32 power by squaring with wrapping products; negative exponents as PyTorch's integer pow. */
function intPow(x: number, y: number): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y & 1 ? -1 : 1) : 0;
  let result = 1;
  let base = x;
  for (let e = y; e > 0; e >>>= 1) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}

/**
 * Elementwise two-input operations with broadcasting. The output has the inputs' dtype, bool
 * for comparisons and logical operations.
 *
 * @example
 * ```ts
 * const c = binary({ inputs: { a, b }, attrs: { op: 'add' }, backend });
 * ```
 */
export const binary: KernelFunc<'Binary', CpuBackend> = ({ inputs: { a, b }, attrs: { op }, backend }) => {
  const outShape = broadcastShapes(op, a.shape, b.shape);
  const dtype: DType = BOOL_OPS.has(op) ? 'bool' : a.dtype;
  const f = (a.dtype === 'int32' ? INT_OPS[op] : undefined) ?? OPS[op];
  const x = backend.values(a.dataId);
  const y = backend.values(b.dataId);
  const size = sizeFromShape(outShape);
  const out = backend.allocate(dtype, size);
  if (shapesEqual(a.shape, b.shape)) {
    for (let i = 0; i < size; i++) out[i] = f(x[i], y[i]);
  } else if (y.length === 1 && x.length === size) {
    const s = y[0];
    for (let i = 0; i < size; i++) out[i] = f(x[i], s);
  } else if (x.length === 1 && y.length === size) {
    const s = x[0];
    for (let i = 0; i < size; i++) out[i] = f(s, y[i]);
  } else {
    const ia = broadcastOffsets(a.shape, outShape);
    const ib = broadcastOffsets(b.shape, outShape);
    for (let i = 0; i < size; i++) out[i] = f(x[ia[i]], y[ib[i]]);
  }
  return backend.makeOutput(out, outShape, dtype);
};
