import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import { tensor } from '../../ops/creation.js';
import { expectClose } from '../expect-close.js';
import { FLOAT32_TOLERANCE } from '../tolerances.js';
import type { ConformanceContext } from './context.js';

/** Reductions over dims, keepdim, argmax, logsumexp, var/std; empty and scalar inputs. */
export function defineReductionTests(_ctx: ConformanceContext): void {
  describe('reductions', () => {
    const x = () =>
      tensor([
        [1, 5, 3],
        [4, 2, 6],
      ]);

    it('sum and mean over all, one, several and negative dims', () => {
      expect(ops.sum(x()).item()).toBe(21);
      expect(ops.sum(x(), 0).toArray()).toEqual([5, 7, 9]);
      expect(ops.sum(x(), -1).toArray()).toEqual([9, 12]);
      expect(ops.sum(x(), 1, true).shape).toEqual([2, 1]);
      expect(ops.sum(x(), [0, 1]).item()).toBe(21);
      expect(ops.mean(x(), 1).toArray()).toEqual([3, 4]);
      const cube = ops.arange(24).float().reshape([2, 3, 4]);
      expectClose(
        ops.sum(cube, [0, 2]),
        [3],
        [0, 1, 2].map((j) => [0, 1].reduce((s, i) => s + [0, 1, 2, 3].reduce((t, k) => t + i * 12 + j * 4 + k, 0), 0)),
        FLOAT32_TOLERANCE,
        'sum [0, 2]',
      );
    });

    it('sum of bool counts as int32, mean of int refuses', () => {
      expect(ops.sum(tensor([true, true, false])).item()).toBe(2);
      expect(ops.sum(tensor([true])).dtype).toBe('int32');
      expect(ops.sum(tensor([1, 2], { dtype: 'int32' })).dtype).toBe('int32');
      expect(() => ops.mean(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
    });

    it('max/min give values and first indices along a dim', () => {
      const { values, indices } = ops.max(
        tensor([
          [1, 5, 5],
          [7, 2, 7],
        ]),
        1,
      );
      expect(values.toArray()).toEqual([5, 7]);
      expect(indices.toArray()).toEqual([1, 0]);
      expect(indices.dtype).toBe('int32');
      const kept = ops.min(x(), 0, true);
      expect(kept.values.toArray()).toEqual([[1, 2, 3]]);
      expect(kept.indices.toArray()).toEqual([[0, 1, 0]]);
      expect(ops.max(x()).item()).toBe(6);
      expect(ops.amin(x(), 1).toArray()).toEqual([1, 2]);
    });

    it('argmax/argmin over a dim or the flattened tensor', () => {
      expect(ops.argmax(x()).item()).toBe(5);
      expect(ops.argmax(x(), 1).toArray()).toEqual([1, 2]);
      expect(ops.argmin(x(), 0, true).toArray()).toEqual([[0, 1, 0]]);
      expect(() => ops.argmax(tensor([true]))).toThrow(DTypeError);
    });

    it('all/any', () => {
      const b = tensor([
        [true, false],
        [true, true],
      ]);
      expect(ops.all(b, 1).toArray()).toEqual([false, true]);
      expect(ops.any(b, 0).toArray()).toEqual([true, true]);
      expect(ops.all(b).itemBool()).toBe(false);
      expect(ops.any(b).item()).toBe(1);
    });

    it('handle empty dimensions and scalars like PyTorch', () => {
      expect(ops.sum(ops.zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
      expect(ops.sum(ops.zeros([0])).item()).toBe(0);
      expect(() => ops.amax(ops.zeros([0, 3]), 0)).toThrow(ShapeError);
      expect(ops.sum(tensor(4)).item()).toBe(4);
      expect(ops.sum(tensor(4), 0).item()).toBe(4);
      expect(ops.max(tensor(4), 0).indices.item()).toBe(0);
    });

    it('logsumexp is stable for large and -inf inputs', () => {
      expectClose(
        ops.logsumexp(
          tensor([
            [1000, 1000],
            [-1000, -1000],
          ]),
          1,
        ),
        [2],
        [1000 + Math.LN2, -1000 + Math.LN2],
        FLOAT32_TOLERANCE,
        'lse',
      );
      expect(ops.logsumexp(tensor([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]), 0).item()).toBe(
        Number.NEGATIVE_INFINITY,
      );
    });

    it('var/std with correction and keepdim', () => {
      const v = tensor([1, 2, 3, 4]);
      expectClose(ops.variance(v), [], [5 / 3], FLOAT32_TOLERANCE, 'var');
      expectClose(ops.variance(v, 0, { correction: 0 }), [], [1.25], FLOAT32_TOLERANCE, 'var biased');
      expectClose(ops.std(x(), 1, { keepdim: true }), [2, 1], [2, 2], FLOAT32_TOLERANCE, 'std');
    });
  });
}
