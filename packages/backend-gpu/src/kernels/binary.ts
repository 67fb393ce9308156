import { type BinaryOp, broadcastShapes, type KernelFunc, sizeFromShape, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, broadcastStrides, coordTerms, num, returnAs, threadAt, unravel } from '../programs/index-math.js';

const INF = num(Number.POSITIVE_INFINITY);
const INFINITE = (x: string): string => `Math.abs(${x}) > 3.4028234e38`;
/** Whether the exponent `b` is an odd integer. */
const ODD = '(b == Math.floor(b) && b - 2.0 * Math.floor(b / 2.0) != 0.0)';

/** Expressions of the inputs `a` and `b`. */
const EXPRESSIONS: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  // GLSL's pow is undefined where C's pow (and torch.pow) is not: a negative base, 0^0, zero or
  // infinite operands, and NaN (which propagates, except that x^0 and 1^y are 1).
  pow: `b == 0.0 || a == 1.0 ? 1.0 : (a != a || b != b ? a + b : (${INFINITE('b')} ? (Math.abs(a) == 1.0 ? 1.0 : (Math.abs(a) > 1.0 ? (b > 0.0 ? ${INF} : 0.0) : (b > 0.0 ? 0.0 : ${INF}))) : (a == 0.0 || ${INFINITE('a')} ? ((a < 0.0 || 1.0 / a < 0.0) && ${ODD} ? -1.0 : 1.0) * (a == 0.0 ? (b < 0.0 ? ${INF} : 0.0) : (b < 0.0 ? 0.0 : ${INF})) : (a < 0.0 ? (b == Math.floor(b) ? (${ODD} ? -1.0 : 1.0) * Math.pow(-a, b) : (a - a) / (a - a)) : Math.pow(a, b)))))`,
  // NaN wins, as in torch.maximum.
  maximum: 'a != a ? a : (b != b ? b : Math.max(a, b))',
  minimum: 'a != a ? a : (b != b ? b : Math.min(a, b))',
  eq: 'a == b ? 1.0 : 0.0',
  ne: 'a != b ? 1.0 : 0.0',
  lt: 'a < b ? 1.0 : 0.0',
  le: 'a <= b ? 1.0 : 0.0',
  gt: 'a > b ? 1.0 : 0.0',
  ge: 'a >= b ? 1.0 : 0.0',
  logicalAnd: 'a != 0.0 && b != 0.0 ? 1.0 : 0.0',
  logicalOr: 'a != 0.0 || b != 0.0 ? 1.0 : 0.0',
};

const COMPARISONS = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr']);

/**
 * `out = op(a, b)` with broadcasting; inputs of the output's shape are read at the thread index.
 *
 * @example
 * ```ts
 * const y = binary({ inputs: { a, b }, attrs: { op: 'add' }, backend });
 * ```
 */
export const binary: KernelFunc<'Binary', GpuBackend> = ({ inputs: { a, b }, attrs: { op }, backend }) => {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const dtype = COMPARISONS.has(op) ? 'bool' : a.dtype;
  const same = (inShape: readonly number[]) =>
    inShape.length === shape.length && inShape.every((d, i) => d === shape[i]);
  const read = (name: string, input: TensorInfo) =>
    same(input.shape)
      ? `${name}${threadAt(backend.layout, sizeFromShape(shape))}`
      : `${name}${at(backend, input, coordTerms(broadcastStrides(input.shape, shape), shape))}`;
  const source = [
    'function(x, y) {',
    same(a.shape) && same(b.shape) ? '' : unravel(shape, backend.layout),
    `let a = ${read('x', a)};`,
    `let b = ${read('y', b)};`,
    returnAs(dtype, `(${EXPRESSIONS[op]})`),
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [a, b] }, shape, dtype);
};
