import { type KernelFunc, type ReduceOp, stridesFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { fillSource, offsetExpr, returnAs, unravel } from '../programs/index-math.js';

/** Initial value, and the statement folding value `v` into the accumulator `s`. */
const FOLDS: Record<ReduceOp, [init: string, fold: string]> = {
  sum: ['0.0', 's = s + v;'],
  // NaN wins, as in torch.amax.
  max: ['x[base]', 'if (v != v || v > s) { s = v; }'],
  min: ['x[base]', 'if (v != v || v < s) { s = v; }'],
  any: ['0.0', 'if (v != 0.0) { s = 1.0; }'],
  all: ['1.0', 'if (v == 0.0) { s = 0.0; }'],
};

/**
 * Reduces `axes` away: one thread per output element, one nested loop per reduced axis (with
 * literal bounds, as GLSL ES 1.00 requires).
 *
 * @example
 * ```ts
 * const y = reduce({ inputs: { x }, attrs: { op: 'sum', axes: [1] }, backend });
 * ```
 */
export const reduce: KernelFunc<'Reduce', GpuBackend> = ({ inputs: { x }, attrs: { op, axes }, backend }) => {
  const dtype = op === 'any' || op === 'all' ? 'bool' : x.dtype;
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const shape = kept.map((d) => x.shape[d]!);
  if (x.shape.some((d) => d === 0)) {
    return backend.runProgram({ source: fillSource(op === 'all' ? 1 : 0), inputs: [] }, shape, dtype);
  }
  const strides = stridesFromShape(x.shape);
  const [init, fold] = FOLDS[op];
  const loops = axes.map((axis, j) => `for (let k${j} = 0; k${j} < ${x.shape[axis]}; k${j}++) {`);
  const inner = offsetExpr(axes.map((axis) => strides[axis]!), 0, (j) => `k${j}`);
  const source = [
    'function(x) {',
    unravel(shape),
    `let base = ${offsetExpr(kept.map((d) => strides[d]!))};`,
    `let s = ${init};`,
    ...loops,
    `let v = x[base + ${inner}];`,
    fold,
    ...loops.map(() => '}'),
    returnAs(dtype, 's'),
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [x] }, shape, dtype);
};

