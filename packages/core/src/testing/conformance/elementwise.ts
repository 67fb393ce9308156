import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import { tensor } from '../../ops/creation.js';
import { expectClose } from '../expect-close.js';
import { FLOAT32_TOLERANCE } from '../tolerances.js';
import type { Tensor } from '../../tensor.js';
import type { ConformanceContext } from './context.js';

const SAMPLE = [-3.5, -1, -0.25, 0, 0.3, 1, 2.5, 7];
const POSITIVE = [0.01, 0.3, 1, 2.5, 7, 100];

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const roundHalfEven = (v: number) => {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** Unary and binary kernels, broadcasting, scalars, dtypes, where and clamp. */
export function defineElementwiseTests(_ctx: ConformanceContext): void {
  describe('unary ops', () => {
    const cases: [string, (x: Tensor) => Tensor, (v: number) => number, number[]][] = [
      ['neg', ops.neg, (v) => -v, SAMPLE],
      ['abs', ops.abs, Math.abs, SAMPLE],
      ['exp', ops.exp, Math.exp, SAMPLE],
      ['log', ops.log, Math.log, POSITIVE],
      ['sqrt', ops.sqrt, Math.sqrt, POSITIVE],
      ['rsqrt', ops.rsqrt, (v) => 1 / Math.sqrt(v), POSITIVE],
      ['square', ops.square, (v) => v * v, SAMPLE],
      ['relu', ops.relu, (v) => Math.max(v, 0), SAMPLE],
      ['sigmoid', ops.sigmoid, sigmoid, [...SAMPLE, -100, 100]],
      ['tanh', ops.tanh, Math.tanh, [...SAMPLE, -30, 30]],
      ['sign', ops.sign, Math.sign, SAMPLE],
      ['floor', ops.floor, Math.floor, SAMPLE],
      ['ceil', ops.ceil, Math.ceil, SAMPLE],
      ['round', ops.round, roundHalfEven, [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.4, 0.6]],
    ];
    for (const [name, op, reference, values] of cases) {
      it(`${name} matches Math in float64`, () => {
        expectClose(
          op(tensor(values)),
          [values.length],
          values.map((v) => reference(Math.fround(v))),
          FLOAT32_TOLERANCE,
          name,
        );
      });
    }

    it('keep integer dtypes where PyTorch does and promote transcendentals', () => {
      const i = tensor([-2, 3], { dtype: 'int32' });
      expect(ops.abs(i).dtype).toBe('int32');
      expect(ops.neg(i).toArray()).toEqual([2, -3]);
      expect(ops.relu(i).toArray()).toEqual([0, 3]);
      expect(ops.exp(i).dtype).toBe('float32');
      expect(ops.logicalNot(tensor([true, false])).toArray()).toEqual([false, true]);
    });

    it('work on scalars and empty tensors', () => {
      expect(ops.exp(tensor(0)).item()).toBe(1);
      expect(ops.exp(tensor(0)).shape).toEqual([]);
      expect(ops.relu(ops.zeros([0, 2])).shape).toEqual([0, 2]);
    });
  });

  describe('binary ops', () => {
    const a = [1.5, -2, 3, 0.5];
    const b = [0.5, 4, -1, 2];
    const cases: [string, (x: Tensor, y: Tensor) => Tensor, (p: number, q: number) => number][] = [
      ['add', (x, y) => ops.add(x, y), (p, q) => p + q],
      ['sub', (x, y) => ops.sub(x, y), (p, q) => p - q],
      ['mul', ops.mul, (p, q) => p * q],
      ['div', ops.div, (p, q) => p / q],
      ['pow', (x, y) => ops.pow(x.abs(), y), (p, q) => Math.abs(p) ** q],
      ['maximum', ops.maximum, Math.max],
      ['minimum', ops.minimum, Math.min],
    ];
    for (const [name, op, reference] of cases) {
      it(`${name} on equal shapes`, () => {
        expectClose(
          op(tensor(a), tensor(b)),
          [4],
          a.map((p, i) => reference(p, b[i]!)),
          FLOAT32_TOLERANCE,
          name,
        );
      });
    }

    it('broadcast [3, 1] with [1, 4], [4] with [2, 3, 4], and with 0-d tensors', () => {
      const col = tensor([[1], [2], [3]]);
      const row = tensor([[10, 20, 30, 40]]);
      expect(ops.add(col, row).toArray()).toEqual([
        [11, 21, 31, 41],
        [12, 22, 32, 42],
        [13, 23, 33, 43],
      ]);
      const big = ops.arange(24).float().reshape([2, 3, 4]);
      const sum = ops.add(big, tensor([1, 2, 3, 4]));
      expectClose(
        sum,
        [2, 3, 4],
        Array.from({ length: 24 }, (_, i) => i + (i % 4) + 1),
        FLOAT32_TOLERANCE,
        'broadcast add',
      );
      expect(ops.mul(tensor(3), tensor([1, 2])).toArray()).toEqual([3, 6]);
      expect(ops.sub(ops.zeros([0, 3]), tensor([1, 2, 3])).shape).toEqual([0, 3]);
    });

    it('reject shapes that do not broadcast, naming both', () => {
      expect(() => ops.add(ops.zeros([2, 3]), ops.zeros([4]))).toThrow(ShapeError);
      expect(() => ops.add(ops.zeros([2, 3]), ops.zeros([4]))).toThrow(/\[2, 3\] and \[4\]/);
    });

    it('take numbers as weak scalars, as PyTorch', () => {
      const i = tensor([1, 2], { dtype: 'int32' });
      expect(ops.mul(i, 2).dtype).toBe('int32');
      expect(ops.mul(i, 2.5).dtype).toBe('float32');
      expect(ops.mul(i, 2.5).toArray()).toEqual([2.5, 5]);
      expect(ops.div(i, 2).toArray()).toEqual([0.5, 1]);
      expect(ops.sub(10, tensor([1, 2])).toArray()).toEqual([9, 8]);
      expect(ops.add(tensor([1, 2]), tensor([1, 1], { dtype: 'int32' })).dtype).toBe('float32');
      expect(ops.add(tensor([1]), 1, { alpha: 3 }).toArray()).toEqual([4]);
    });

    it('do int32 arithmetic in int32', () => {
      const big = tensor([2 ** 30], { dtype: 'int32' });
      expect(ops.mul(big, 4).item()).toBe(0);
      expect(ops.add(big, big).item()).toBe(-(2 ** 31));
      expect(ops.pow(tensor([3], { dtype: 'int32' }), 3).toArray()).toEqual([27]);
    });

    it('compare into bool tensors', () => {
      const x = tensor([1, 2, 3]);
      expect(ops.eq(x, 2).toArray()).toEqual([false, true, false]);
      expect(ops.ne(x, 2).toArray()).toEqual([true, false, true]);
      expect(ops.lt(x, 2).toArray()).toEqual([true, false, false]);
      expect(ops.le(x, 2).toArray()).toEqual([true, true, false]);
      expect(ops.gt(x, 2).toArray()).toEqual([false, false, true]);
      expect(ops.ge(x, 2).toArray()).toEqual([false, true, true]);
      expect(ops.gt(x, 2).dtype).toBe('bool');
      expect(ops.logicalAnd(tensor([true, true, false]), tensor([true, false, false])).toArray()).toEqual([
        true,
        false,
        false,
      ]);
      expect(ops.logicalOr(tensor([true, false, false]), tensor([false, false, true])).toArray()).toEqual([
        true,
        false,
        true,
      ]);
    });

    it('propagate NaN through maximum and minimum', () => {
      const m = ops.maximum(tensor([Number.NaN, 1]), tensor([0, Number.NaN])).dataSync();
      expect(Number.isNaN(m[0]!) && Number.isNaN(m[1]!)).toBe(true);
    });
  });

  describe('where and clamp', () => {
    it('where selects with broadcasting and scalar branches', () => {
      const cond = tensor([[true], [false]]);
      expect(ops.where(cond, tensor([1, 2, 3]), 0).toArray()).toEqual([
        [1, 2, 3],
        [0, 0, 0],
      ]);
      expect(() => ops.where(tensor([1, 0]), 1, 0)).toThrow(/bool condition/);
    });

    it('clamp limits to either or both bounds', () => {
      const x = tensor([-2, 0.5, 3]);
      expect(ops.clamp(x, 0, 1).toArray()).toEqual([0, 0.5, 1]);
      expect(ops.clamp(x, 0).toArray()).toEqual([0, 0.5, 3]);
      expect(ops.clamp(x, null, 1).toArray()).toEqual([-2, 0.5, 1]);
      expect(() => ops.clamp(x)).toThrow(/at least one/);
    });
  });
}
