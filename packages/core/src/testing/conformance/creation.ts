import { describe, expect, it } from 'vitest';
import { getBackend } from '../../backend/registry.js';
import { DTypeError, ShapeError } from '../../errors.js';
import { arange, eye, full, fullLike, linspace, ones, onesLike, tensor, zeros, zerosLike } from '../../ops/creation.js';
import { rand, randint, randn } from '../../ops/random.js';
import { manualSeed } from '../../random/generator.js';
import type { ConformanceContext } from './context.js';

/** Creation ops, reads, dtypes and the random generator. */
export function defineCreationTests(ctx: ConformanceContext): void {
  describe('creation and reads', () => {
    it('tensor() infers shape and dtype from nested arrays', () => {
      const x = tensor([
        [0, 1, 2],
        [3, 4, 5],
      ]);
      expect(x.shape).toEqual([2, 3]);
      expect(x.dtype).toBe('float32');
      expect(x.backend).toBe(ctx.backend);
      expect(x.toArray()).toEqual([
        [0, 1, 2],
        [3, 4, 5],
      ]);
      expect(tensor([true, false]).dtype).toBe('bool');
      expect(tensor([true, false]).toArray()).toEqual([true, false]);
      expect(tensor([1, 2], { dtype: 'int32' }).toArray()).toEqual([1, 2]);
      expect(tensor(7).shape).toEqual([]);
      expect(tensor(7).item()).toBe(7);
      expect(tensor(true).item()).toBe(1);
      expect(tensor(true).itemBool()).toBe(true);
      expect(tensor(0.5).itemBool()).toBe(true);
      expect(() => tensor([1, 2]).item()).toThrow(/^item: expected a tensor with one element, got shape \[2\]/);
    });

    it('tensor() takes typed arrays with an optional shape', () => {
      expect(tensor(new Int32Array([1, 2, 3, 4]), { shape: [2, 2] }).toArray()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(tensor(new Float32Array([1.5])).dtype).toBe('float32');
      expect(() => tensor(new Float32Array(3), { shape: [2, 2] })).toThrow(ShapeError);
    });

    it('tensor() rejects ragged arrays with the path of the offending row', () => {
      expect(() => tensor([[1, 2], [3]])).toThrow(/\[1\]/);
    });

    it('int32 values that overflow are refused, as in PyTorch; fractions truncate and floats round to float32', () => {
      for (const v of [3e9, 2 ** 31, -(2 ** 31) - 1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => tensor([1, v], { dtype: 'int32' })).toThrow(
          `tensor: expected values that fit int32 (-2147483648 to 2147483647), got ${v} at index 1; use dtype float32 or float64 for such values.`,
        );
      }
      expect(() => tensor(new Float32Array([3e9]), { dtype: 'int32' })).toThrow(DTypeError);
      expect(() => full([2], 3e9, { dtype: 'int32' })).toThrow(/^full: expected values that fit int32/);
      expect(tensor([2 ** 31 - 1, -(2 ** 31), 1.7, -2.5], { dtype: 'int32' }).toArray()).toEqual([
        2 ** 31 - 1,
        -(2 ** 31),
        1,
        -2,
      ]);
      expect(tensor([0.1]).item()).toBe(Math.fround(0.1));
    });

    it('a shape larger than the backend holds is a ShapeError, before anything is allocated', () => {
      const most = getBackend().capabilities.maxTensorSize;
      for (const shape of [
        [1e5, 1e5, 1e5],
        [65536, 32768],
      ]) {
        expect(() => zeros(shape)).toThrow(ShapeError);
        expect(() => ones(shape)).toThrow(`expected at most ${most} elements on backend '${ctx.backend}'`);
      }
    });

    it('zeros, ones, full and the *Like variants', () => {
      expect(zeros([2, 2]).toArray()).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect(ones([3], { dtype: 'int32' }).toArray()).toEqual([1, 1, 1]);
      expect(full([2], 2.5).toArray()).toEqual([2.5, 2.5]);
      expect(full([1], true).dtype).toBe('bool');
      const x = tensor([[1, 2]], { dtype: 'int32' });
      expect(zerosLike(x).dtype).toBe('int32');
      expect(onesLike(x).toArray()).toEqual([[1, 1]]);
      expect(fullLike(x, 9).toArray()).toEqual([[9, 9]]);
      expect(zeros([0, 3]).size).toBe(0);
      expect(zeros([0, 3]).toArray()).toEqual([]);
    });

    it('arange and linspace follow PyTorch', () => {
      expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
      expect(arange(5).dtype).toBe('int32');
      expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
      expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
      expect(arange(3, 3).size).toBe(0);
      expect(arange(16, { dtype: 'float32' }).dtype).toBe('float32');
      expect(arange(2, 5, { dtype: 'float32' }).toArray()).toEqual([2, 3, 4]);
      expect(arange(0, 6, 2, { dtype: 'float32' }).toArray()).toEqual([0, 2, 4]);
      expect(arange(4, undefined, undefined, { dtype: 'float32' }).dtype).toBe('float32');
      expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(linspace(3, 3, 1).toArray()).toEqual([3]);
      expect(eye(2, 3).toArray()).toEqual([
        [1, 0, 0],
        [0, 1, 0],
      ]);
    });

    it('data() resolves to a copy of the values', async () => {
      const x = tensor([1, 2, 3]);
      const values = await x.data();
      expect(Array.from(values)).toEqual([1, 2, 3]);
      values[0] = 42;
      expect(x.toArray()).toEqual([1, 2, 3]);
    });

    it('refuses dtypes the backend does not hold', () => {
      if (getBackend().capabilities.dtypes.includes('float64')) {
        expect(zeros([1], { dtype: 'float64' }).dtype).toBe('float64');
      } else {
        expect(() => zeros([1], { dtype: 'float64' })).toThrow(DTypeError);
      }
    });
  });

  describe('random', () => {
    it('manualSeed takes every 32-bit seed and refuses larger ones rather than wrap them', () => {
      manualSeed(2 ** 32 - 1);
      const top = rand([3]).toArray();
      manualSeed(0);
      expect(rand([3]).toArray()).not.toEqual(top);
      for (const seed of [2 ** 32, -(2 ** 31) - 1, 1.5])
        expect(() => manualSeed(seed)).toThrow(
          `manualSeed: expected an integer seed from -2147483648 to 4294967295 (32 bits), got ${seed}; a larger seed would equal a smaller one.`,
        );
    });

    it('manualSeed makes every draw reproducible', () => {
      manualSeed(7);
      const a = [rand([5]).toArray(), randn([5]).toArray(), randint(0, 10, [5]).toArray()];
      manualSeed(7);
      const b = [rand([5]).toArray(), randn([5]).toArray(), randint(0, 10, [5]).toArray()];
      expect(b).toEqual(a);
      expect(rand([5]).toArray()).not.toEqual(a[0]);
    });

    it('uniform_ and normal_ fill a tensor in place, keeping shape and dtype', () => {
      const w = zeros([1000]);
      w.uniform_(-10, 10);
      const u = Array.from(w.dataSync());
      expect(Math.min(...u)).toBeGreaterThanOrEqual(-10);
      expect(Math.max(...u)).toBeLessThan(10);
      expect(Math.max(...u) - Math.min(...u)).toBeGreaterThan(15);
      w.normal_(3, 0.01);
      const n = Array.from(w.dataSync());
      expect(Math.abs(n.reduce((s, v) => s + v, 0) / n.length - 3)).toBeLessThan(0.01);
      expect(w.shape).toEqual([1000]);
    });

    it('rand is uniform on [0, 1), randn standard normal, randint in range', () => {
      const n = 20000;
      const u = Array.from(rand([n]).dataSync());
      expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...u)).toBeLessThan(1);
      // Sample moments of n draws: the mean is off by ~1/sqrt(12 n) ≈ 0.002, well inside 0.01.
      expect(u.reduce((s, v) => s + v, 0) / n).toBeCloseTo(0.5, 1);
      const z = Array.from(randn([n]).dataSync());
      const mean = z.reduce((s, v) => s + v, 0) / n;
      const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
      expect(Math.abs(mean)).toBeLessThan(0.03);
      expect(Math.abs(variance - 1)).toBeLessThan(0.05);
      const k = Array.from(randint(-2, 3, [n]).dataSync());
      expect(new Set(k)).toEqual(new Set([-2, -1, 0, 1, 2]));
      expect(randint(0, 3, [2]).dtype).toBe('int32');
    });
  });
}
