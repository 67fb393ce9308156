import { describe, expect, it } from 'vitest';
import { run } from '../../autograd/run-kernel.js';
import type { DType } from '../../dtype.js';
import { tidy } from '../../engine/engine.js';
import { IndexError, InPlaceError, ShapeError } from '../../errors.js';
import type { NestedArray } from '../../nested-array.js';
import * as ops from '../../ops/index.js';
import { tensor } from '../../ops/creation.js';
import type { Tensor } from '../../tensor.js';
import indexing from '../__fixtures__/indexing.json' with { type: 'json' };
import { expectClose } from '../expect-close.js';
import { gradcheck } from '../gradcheck.js';
import { FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type Tolerance } from '../tolerances.js';
import type { ConformanceContext } from './context.js';
import { type FixtureTensor, fixtureTensor } from './fixture-cases.js';

/** An index item as `packages/core/scripts/indexing_fixtures.py` stores it. */
type FixtureItem =
  | { int: number }
  | { slice: [number | null, number | null, number | null] }
  | { newaxis: true }
  | { ellipsis: true }
  | { list: NestedArray[] }
  | { tensor: FixtureTensor }
  | { mask: FixtureTensor }
  | { string: string };

interface IndexingCase {
  name: string;
  kind: 'index' | 'indexPut';
  x: FixtureTensor;
  index: FixtureItem[];
  value?: FixtureTensor | number;
  accumulate?: boolean;
  output: FixtureTensor;
  dy: FixtureTensor;
  grads: { x: FixtureTensor; value?: FixtureTensor };
}

function item(it: FixtureItem): ops.IndexItem {
  if ('int' in it) return it.int;
  if ('slice' in it) return ops.slice(...it.slice);
  if ('newaxis' in it) return null;
  if ('ellipsis' in it) return '...';
  if ('list' in it) return it.list;
  if ('string' in it) return it.string;
  if ('mask' in it) return tensor(Uint8Array.from(it.mask.data), { dtype: 'bool', shape: it.mask.shape });
  return tensor(Int32Array.from(it.tensor.data), { shape: it.tensor.shape });
}

function runCase(c: IndexingCase, dtype: DType, tolerance: Tolerance): void {
  const x = fixtureTensor(c.x, dtype, true);
  const items = c.index.map(item);
  const value = typeof c.value === 'object' ? fixtureTensor(c.value, dtype, true) : c.value;
  const out = c.kind === 'index' ? x.index(...items) : x.indexPut(items, value!, { accumulate: c.accumulate ?? false });
  expectClose(out, c.output.shape, c.output.data, tolerance, `${c.name} output`);
  out.backward(fixtureTensor(c.dy, dtype));
  expectClose(x.grad ?? x.zerosLike(), c.grads.x.shape, c.grads.x.data, tolerance, `${c.name} grad x`);
  if (c.grads.value !== undefined && typeof value === 'object') {
    expectClose(value.grad!, c.grads.value.shape, c.grads.value.data, tolerance, `${c.name} grad value`);
  }
  if (c.kind === 'indexPut') {
    // The in-place form writes the same values (and leaves `value` alone).
    const target = fixtureTensor(c.x, dtype);
    target.indexPut_(items, typeof value === 'object' ? value.detach() : value!, { accumulate: c.accumulate ?? false });
    expectClose(target, c.output.shape, c.output.data, tolerance, `${c.name} indexPut_`);
  }
}

function fixtureChecks(ctx: ConformanceContext): void {
  describe(`indexing.json (PyTorch ${indexing.torch} fixtures)`, () => {
    for (const c of indexing.cases as unknown as IndexingCase[]) {
      it(`${c.kind} ${c.name} [float32]`, () => tidy(() => runCase(c, 'float32', FLOAT32_TOLERANCE)));
      if (ctx.float64) it(`${c.kind} ${c.name} [float64]`, () => tidy(() => runCase(c, 'float64', FLOAT64_TOLERANCE)));
    }
  });
}

const int32 = (values: number[]): Tensor => tensor(values, { dtype: 'int32' });

function gradientChecks(): void {
  describe('indexing gradients (finite differences)', () => {
    const check = (name: string, fn: (...t: Tensor[]) => Tensor, inputs: () => Tensor[]) =>
      it(name, () => {
        const result = tidy(() => gradcheck(fn, inputs()));
        expect(result.checked).toBeGreaterThan(0);
      });
    check(
      'index: ints, slices, None',
      (x) => x.index(1, null, ops.slice(null, null, 2)),
      () => [ops.randn([3, 4, 5])],
    );
    check(
      'index: separated tensors with duplicates',
      (x) => x.index(int32([0, 2, 0]), ':', int32([1, 1, 4])),
      () => [ops.randn([3, 4, 5])],
    );
    check(
      'index: a mask',
      (x) => x.index(tensor([true, false, true])),
      () => [ops.randn([3, 2])],
    );
    check(
      'indexPut: a slice, into x and from value',
      (x, v) => x.indexPut(':, 1:3', v),
      () => [ops.randn([3, 4]), ops.randn([3, 2])],
    );
    // Not with repeated indices: PyTorch sends the gradient to every repeat of an index, not only
    // to the value that won, and strata does the same (see the fixture), which finite differences
    // of the winner alone would not reproduce.
    check(
      'indexPut: two index tensors',
      (x, v) => x.indexPut([int32([0, 2, 1]), int32([1, 1, 3])], v),
      () => [ops.randn([3, 4]), ops.randn([3])],
    );
    check(
      'indexPut: accumulate with duplicates and a broadcast value',
      (x, v) => x.indexPut([int32([0, 2, 0])], v, { accumulate: true }),
      () => [ops.randn([3, 4]), ops.randn([4])],
    );
    check(
      'indexPut: a mask with a scalar value tensor',
      (x, v) => x.indexPut(x.detach().gt(0), v),
      () => [ops.randn([3, 4]), ops.randn([])],
    );
    check(
      'indexPut_ on a non-leaf (recorded in place)',
      (x, v) => {
        const y = x.mul(2);
        y.indexPut_([1, ops.slice(0, 2)], v);
        return y.mul(y);
      },
      () => [ops.randn([2, 3]), ops.randn([2])],
    );
    check(
      'indexSelect (Gather and its IndexScatter gradient) along dim 1 with repeats',
      (x) => x.indexSelect(1, int32([2, 0, 2])),
      () => [ops.randn([2, 3, 2])],
    );
  });
}

function kernelChecks(): void {
  describe('IndexScatter kernel', () => {
    const scatter = (x: Tensor, indices: number[], values: Tensor, axis: number, accumulate: boolean) =>
      run('IndexScatter', { x, indices: int32(indices), values }, { axis, accumulate }).toArray();
    it('copies slices along an axis, the last repeat winning', () => {
      const x = ops.arange(6, { dtype: 'float32' }).reshape([3, 2]);
      const values = tensor([
        [10, 11],
        [20, 21],
        [30, 31],
      ]);
      expect(scatter(x, [2, 0, 2], values, 0, false)).toEqual([
        [20, 21],
        [2, 3],
        [30, 31],
      ]);
      expect(scatter(ops.arange(6).reshape([2, 3]), [1], int32([7, 8]).reshape([2, 1]), 1, false)).toEqual([
        [0, 7, 2],
        [3, 8, 5],
      ]);
    });

    it('adds slices with accumulate, repeats summing, on a middle axis', () => {
      const values = ops.arange(8, { dtype: 'float32' }).reshape([2, 2, 2]);
      expect(scatter(ops.zeros([2, 3, 2]), [2, 2], values, 1, true)).toEqual([
        [
          [0, 0],
          [0, 0],
          [2, 4],
        ],
        [
          [0, 0],
          [0, 0],
          [10, 12],
        ],
      ]);
      expect(scatter(int32([1, 2, 3]), [1, 1], int32([-5, 2]), 0, true)).toEqual([1, -1, 3]);
    });

    it('handles bool tensors and an empty index list', () => {
      expect(scatter(tensor([false, false]), [1], tensor([true]), 0, false)).toEqual([false, true]);
      expect(scatter(ops.ones([2, 2]), [], ops.zeros([0, 2]), 0, false)).toEqual([
        [1, 1],
        [1, 1],
      ]);
    });
  });
}

function semanticChecks(): void {
  describe('indexing semantics', () => {
    const grid = () => ops.arange(12).reshape([3, 4]);

    it('slice(stop) is stop alone, as Python; slice(start, stop, step) and null bounds', () => {
      expect(ops.arange(6).index(ops.slice(2)).toArray()).toEqual([0, 1]);
      expect(
        ops
          .arange(6)
          .index(ops.slice(1, null, 2))
          .toArray(),
      ).toEqual([1, 3, 5]);
      expect(ops.arange(6).index(ops.slice(-2, undefined)).toArray()).toEqual([4, 5]);
      expect(String(ops.slice(1, null, 2))).toBe('1::2');
    });

    it('no index, or one that leaves nothing out, is an alias: writes through it reach x', () => {
      const x = grid();
      const all = x.index();
      all.add_(1);
      expect(x.index(0).toArray()).toEqual([1, 2, 3, 4]);
      x.index(':', '...').mul_(2);
      expect(x.index(0, 0).item()).toBe(2);
    });

    it('tensors iterate over their first dimension and destructure', () => {
      const rows = [...grid()].map((r) => r.toArray());
      expect(rows).toEqual([
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9, 10, 11],
      ]);
      const [a, b] = grid();
      expect(a!.sum().item() + b!.sum().item()).toBe(28);
      expect(() => [...ops.tensor(3)]).toThrow(ShapeError);
    });

    it('out-of-range, too many and malformed indices throw IndexError', () => {
      expect(() => grid().index(3)).toThrow(IndexError);
      expect(() => grid().index(3)).toThrow('index: index 3 is out of bounds for dimension 0 with size 3.');
      expect(() => grid().index(0, -5)).toThrow(/index -5 is out of bounds for dimension 1 with size 4/);
      expect(() => grid().index(0, 0, 0)).toThrow(/too many indices/);
      expect(() => grid().index(int32([0, 3]))).toThrow(/index 3 is out of bounds/);
      expect(() => grid().index('...', '...')).toThrow(/at most one '...'/);
      expect(() => grid().index(ops.slice(null, null, -1))).toThrow(/positive integer slice step/);
      expect(() => grid().index(1.5)).toThrow(IndexError);
      expect(() => grid().index(tensor([0.5]))).toThrow(/int32 or bool tensors/);
      expect(() => grid().index(tensor([true, false]))).toThrow(/mask of shape \[3\]/);
      expect(() => grid().index(int32([0, 1]), int32([0, 1, 2]))).toThrow(ShapeError);
    });

    it('a bad index string says what it accepts and which item it could not read', () => {
      expect(() => grid().index(':, a:b')).toThrow(IndexError);
      expect(() => grid().index(':, a:b')).toThrow(
        "index: expected an index string of comma-separated integers, start:stop:step slices, '...' and 'None' (as between PyTorch's brackets, e.g. ':, 2:6' or '..., 0'), got ':, a:b' (item 1, 'a:b', is none of these); pass computed values as numbers, slice(start, stop) or tensors.",
      );
      expect(() => grid().indexPut_('0,', 1)).toThrow(/^indexPut_: expected an index string/);
    });

    it('indexPut checks the value shape and casts its dtype', () => {
      expect(() => grid().indexPut(0, ops.zeros([3]))).toThrow(
        'indexPut: expected a value that broadcasts to the indexed shape [4], got shape [3].',
      );
      expect(grid().indexPut(0, 2.7).index(0).toArray()).toEqual([2, 2, 2, 2]);
      expect(
        ops
          .zeros([2])
          .indexPut(1, tensor([true]))
          .toArray(),
      ).toEqual([0, 1]);
    });

    it('a copy standing for a view refuses in-place writes, naming indexPut_', () => {
      const x = grid();
      for (const copy of [
        x.index(0),
        x.index(':, 1:3'),
        x.t(),
        x.narrow(0, 1, 1),
        x.slice(1, 0, 2),
        x.expand([2, 3, 4]),
      ]) {
        expect(() => copy.add_(1)).toThrow(InPlaceError);
      }
      expect(() => x.t().zero_()).toThrow(/zero_: expected a tensor that owns its values, got a copy made by t\(\)/);
      expect(() => x.index(0).fill_(1)).toThrow(/x\.indexPut_\(indices, value\)/);
      expect(x.index(0).clone().add_(1).toArray()).toEqual([1, 2, 3, 4]);
    });

    it('reading such a copy after its source was written in place throws; a clone keeps the old values', () => {
      const x = grid();
      const row = x.index(1);
      const kept = x.index(1).clone();
      const [first] = x;
      const transposed = x.t().reshape([-1]);
      x.add_(100);
      expect(() => row.toArray()).toThrow(InPlaceError);
      expect(() => row.toArray()).toThrow(
        /index: expected the tensor index\(\) was taken from to be unchanged, got it modified in place by add_ since/,
      );
      expect(() => first!.sum()).toThrow(InPlaceError);
      expect(() => transposed.dataSync()).toThrow(/^t: /);
      expect(kept.toArray()).toEqual([4, 5, 6, 7]);
      expect(x.index(1).toArray()).toEqual([104, 105, 106, 107]);
    });
  });
}

/** PyTorch's indexing, for reading and writing, against PyTorch fixtures, gradchecks and its error messages. */
export function defineIndexingTests(ctx: ConformanceContext): void {
  describe('indexing', () => {
    fixtureChecks(ctx);
    gradientChecks();
    kernelChecks();
    semanticChecks();
  });
}
