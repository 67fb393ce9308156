import { callKernel } from '@strata/core/testing';
import type { ReduceOp } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu-backend.js';
import { reduce } from './reduce.js';

const backend = new GpuBackend('gpu-reduce-test');
const SHAPE = [301, 3, 50];

/** Values that differ per position, with zeros at every 7th (so any/all differ by slice). */
const values = Float32Array.from({ length: 301 * 3 * 50 }, (_, i) => (i % 7 === 0 ? 0 : Math.sin(i * 1.37) * 3));

/** Folds axes 0 and 2 of `values` per kept index, in float64. */
function reference(op: ReduceOp): number[] {
  return [0, 1, 2].map((c) => {
    const seen: number[] = [];
    for (let n = 0; n < 301; n++) for (let k = 0; k < 50; k++) seen.push(values[(n * 3 + c) * 50 + k]!);
    if (op === 'sum') return seen.reduce((s, v) => s + v, 0);
    if (op === 'max') return Math.max(...seen);
    if (op === 'min') return Math.min(...seen);
    if (op === 'any') return seen.some((v) => v !== 0) ? 1 : 0;
    return seen.every((v) => v !== 0) ? 1 : 0;
  });
}

describe('GPU reduce over more than 4,096 values per output (two passes over chunks of the first axis)', () => {
  const x = { dataId: backend.write(values, SHAPE, 'float32'), shape: SHAPE, dtype: 'float32' as const };
  for (const op of ['sum', 'max', 'min', 'any', 'all'] as const) {
    it(`${op} over axes [0, 2] of [301, 3, 50] (15,050 values each, a short last chunk)`, () => {
      const runsBefore = backend.stats().kernelRuns;
      const out = callKernel('Reduce', reduce, { inputs: { x }, attrs: { op, axes: [0, 2] }, backend });
      expect(backend.stats().kernelRuns - runsBefore).toBe(2);
      expect(out.shape).toEqual([3]);
      const want = reference(op);
      for (const [i, g] of backend.readSync(out.dataId).entries())
        expect(Math.abs(g - want[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(want[i]!)));
    });
  }
});
