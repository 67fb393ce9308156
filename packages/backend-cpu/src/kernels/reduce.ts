import { type KernelFunc, type ReduceOp, sizeFromShape, type TypedArray } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';

type Accumulator = Float64Array | Uint8Array;

/** Folds `length` consecutive inputs from `start` into the accumulators at `at`, `at + step`, ... (step 0 or 1). */
type Row = (src: TypedArray, start: number, length: number, acc: Accumulator, at: number, step: number) => void;

const sumRow: Row = (src, start, length, acc, at, step) => {
  if (step === 0) {
    let total = acc[at];
    for (let i = start, end = start + length; i < end; i++) total += src[i];
    acc[at] = total;
    return;
  }
  for (let i = start, k = at, end = start + length; i < end; i++, k++) acc[k] += src[i];
};

function row(combine: (acc: number, value: number) => number): Row {
  return (src, start, length, acc, at, step) => {
    for (let i = start, k = at, end = start + length; i < end; i++, k += step) acc[k] = combine(acc[k], src[i]);
  };
}

const ROWS: Record<ReduceOp, Row> = {
  sum: sumRow,
  // Once a NaN is in, `v > a` stays false, so NaN propagates as in torch.max.
  max: row((a, v) => (v > a || Number.isNaN(v) ? v : a)),
  min: row((a, v) => (v < a || Number.isNaN(v) ? v : a)),
  any: row((a, v) => (v !== 0 ? 1 : a)),
  all: row((a, v) => (v === 0 ? 0 : a)),
};

const IDENTITY: Record<ReduceOp, number> = {
  sum: 0,
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
  any: 0,
  all: 1,
};

/**
 * Reduces the sorted `axes` away (sum, max, min, any, all). Sums accumulate in double and round
 * once at the end; reducing an empty dimension gives the identity (0 for sum); `any`/`all` give
 * bool.
 *
 * @example
 * ```ts
 * const s = reduce({ inputs: { x }, attrs: { op: 'sum', axes: [0] }, backend });
 * ```
 */
export const reduce: KernelFunc<'Reduce', CpuBackend> = ({ inputs: { x }, attrs: { op, axes }, output, backend }) => {
  const reduced = new Set(axes);
  const { shape: outShape, dtype } = output;
  const logical = op === 'any' || op === 'all';
  const outSize = sizeFromShape(outShape);
  const acc: Accumulator = backend.allocate(logical ? 'bool' : 'float64', outSize);
  acc.fill(IDENTITY[op]);
  const src = backend.values(x.dataId);
  if (src.length > 0) walk(x.shape, reduced, src, acc, ROWS[op]);
  if (dtype === 'float64' || logical) return backend.makeOutput(acc, outShape, dtype);
  const out = backend.allocate(dtype, outSize);
  out.set(acc);
  backend.recycle(acc);
  return backend.makeOutput(out, outShape, dtype);
};

/**
 * Reads the input once in memory order, handing each innermost run to `fold` with the
 * accumulator it lands in. Adjacent dimensions that are both kept or both reduced are merged
 * first, so runs are as long as possible and a reduced innermost run folds into one value.
 */
function walk(
  shape: readonly number[],
  reduced: ReadonlySet<number>,
  src: TypedArray,
  acc: Accumulator,
  fold: Row,
): void {
  const sizes: number[] = [];
  const kept: boolean[] = [];
  shape.forEach((size, d) => {
    if (size === 1) return;
    const keep = !reduced.has(d);
    if (kept.length > 0 && kept[kept.length - 1] === keep) sizes[sizes.length - 1] *= size;
    else {
      sizes.push(size);
      kept.push(keep);
    }
  });
  const rank = sizes.length;
  if (rank === 0) {
    fold(src, 0, 1, acc, 0, 0);
    return;
  }
  const outStrides = new Array<number>(rank);
  for (let d = rank - 1, stride = 1; d >= 0; d--) {
    outStrides[d] = kept[d] ? stride : 0;
    if (kept[d]) stride *= sizes[d];
  }
  const inner = sizes[rank - 1];
  const innerStep = outStrides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  for (let start = 0, at = 0; start < src.length; start += inner) {
    fold(src, start, inner, acc, at, innerStep);
    for (let d = rank - 2; d >= 0; d--) {
      at += outStrides[d];
      if (++index[d] < sizes[d]) break;
      at -= outStrides[d] * sizes[d];
      index[d] = 0;
    }
  }
}
