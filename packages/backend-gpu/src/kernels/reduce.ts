import { type DType, type KernelFunc, type ReduceOp, stridesFromShape, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, coordTerms, fillSource, num, returnAs, type Term, unravel } from '../programs/index-math.js';

/** Initial value (`first`: the first element reduced), and the statement folding value `v` into the accumulator `s`. */
const FOLDS: Record<ReduceOp, [init: string, fold: string]> = {
  sum: ['0.0', 's = s + v;'],
  // NaN wins, as in torch.amax.
  max: ['first', 'if (v != v || v > s) { s = v; }'],
  min: ['first', 'if (v != v || v < s) { s = v; }'],
  any: ['0.0', 'if (v != 0.0) { s = 1.0; }'],
  all: ['1.0', 'if (v == 0.0) { s = 0.0; }'],
};

/**
 * Most values one thread folds: longer reductions fold in two passes (partial results over
 * chunks of the first reduced axis, then those), which keeps float32 sums accurate (a sum's
 * rounding error grows with the terms one accumulator adds) and gives the GPU more threads.
 */
const TERMS_PER_THREAD = 4096;

/**
 * Reduces `axes` away: one thread per output element, one nested loop per reduced axis (with
 * literal bounds, as GLSL ES 1.00 requires). Reductions of more than 4,096 values per output
 * first fold chunks of the first reduced axis into partial results, then fold those.
 *
 * @example
 * ```ts
 * const y = reduce({ inputs: { x }, attrs: { op: 'sum', axes: [1] }, backend });
 * ```
 */
export const reduce: KernelFunc<'Reduce', GpuBackend> = ({ inputs: { x }, attrs: { op, axes }, output, backend }) => {
  const { shape, dtype } = output;
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  if (x.shape.some((d) => d === 0)) {
    return backend.runProgram({ source: fillSource(op === 'all' ? 1 : 0), inputs: [] }, shape, dtype);
  }
  const count = axes.reduce((n, axis) => n * x.shape[axis]!, 1);
  const first = x.shape[axes[0]!] ?? 1;
  const chunk = Math.ceil(first / Math.min(first, Math.ceil(count / TERMS_PER_THREAD)));
  if (chunk === first)
    return backend.runProgram(
      { source: foldSource(backend, x, op, axes, kept, null, dtype), inputs: [x] },
      shape,
      dtype,
    );
  const parts = Math.ceil(first / chunk);
  const partial = backend.runProgram(
    { source: foldSource(backend, x, op, axes, kept, chunk, dtype), inputs: [x] },
    [parts, ...shape],
    dtype,
  );
  const out = reduce({ inputs: { x: partial }, attrs: { op, axes: [0] }, output, backend });
  backend.disposeData(partial.dataId);
  return out;
};

/**
 * Source folding `axes` of `x` for each kept position; with a `chunk` length the output gains a
 * leading axis of chunks of the first reduced axis, and each thread folds only its chunk.
 */
function foldSource(
  backend: GpuBackend,
  x: TensorInfo,
  op: ReduceOp,
  axes: readonly number[],
  kept: readonly number[],
  chunk: number | null,
  dtype: DType,
): string {
  const strides = stridesFromShape(x.shape);
  const [init, fold] = FOLDS[op];
  const shape = kept.map((d) => x.shape[d]!);
  // Chunked: coordinate c0 is the chunk, the kept ones follow, and the first axis is at a0.
  const keptTerms = coordTerms(
    kept.map((d) => strides[d]!),
    shape,
    (j) => `c${chunk === null ? j : j + 1}`,
  );
  const loops = axes.map(
    (axis, j) => `for (let k${j} = 0; k${j} < ${j === 0 && chunk !== null ? chunk : x.shape[axis]!}; k${j}++) {`,
  );
  const loopTerms = axes.map(
    (axis, j): Term => [j === 0 && chunk !== null ? 'a0' : `k${j}`, strides[axis]!, x.shape[axis]!],
  );
  let body = [`let v = x${at(backend, x, [...keptTerms, ...loopTerms])};`, fold];
  let outShape = shape;
  let firstTerms = keptTerms;
  if (chunk !== null) {
    const n = x.shape[axes[0]!]!;
    body = [`let a0 = c0 * ${num(chunk)} + k0;`, `if (a0 < ${num(n)}) {`, ...body, '}'];
    outShape = [Math.ceil(n / chunk), ...shape];
    firstTerms = [...keptTerms, [`(c0 * ${num(chunk)})`, strides[axes[0]!]!, n]];
  }
  return [
    'function(x) {',
    unravel(outShape, backend.layout),
    `let s = ${init === 'first' ? `x${at(backend, x, firstTerms)}` : init};`,
    ...loops,
    ...body,
    ...loops.map(() => '}'),
    returnAs(dtype, 's'),
    '}',
  ].join('\n');
}
