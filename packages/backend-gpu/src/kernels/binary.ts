import { type BinaryOp, broadcastShapes, type KernelFunc, sizeFromShape, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, broadcastStrides, coordTerms, returnAs, threadAt, unravel } from '../programs/index-math.js';

/** Expressions of the inputs `a` and `b`. */
const EXPRESSIONS: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  // GLSL's pow is undefined for a negative base and for 0^0; torch.pow is not.
  pow: 'b == 0.0 ? 1.0 : (a < 0.0 ? (b == Math.floor(b) ? (b - 2.0 * Math.floor(b / 2.0) == 0.0 ? 1.0 : -1.0) * Math.pow(-a, b) : (a - a) / (a - a)) : Math.pow(a, b))',
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
