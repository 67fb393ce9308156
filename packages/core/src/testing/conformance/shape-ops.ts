import { describe, expect, it } from 'vitest';
import { ArgumentError, IndexError, ShapeError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import { tensor } from '../../ops/creation.js';
import type { ConformanceContext } from './context.js';

const grid = (rows: number, cols: number) =>
  ops
    .arange(rows * cols)
    .float()
    .reshape([rows, cols]);

/** View and shape ops, concatenation, padding, gathering, matmul. */
export function defineShapeOpTests(_ctx: ConformanceContext): void {
  describe('views and shape ops', () => {
    it('reshape infers -1 and checks the size', () => {
      expect(grid(2, 3).reshape([3, -1]).toArray()).toEqual([
        [0, 1],
        [2, 3],
        [4, 5],
      ]);
      expect(() => grid(2, 3).reshape([4, -1])).toThrow(ShapeError);
      expect(() => grid(2, 3).reshape([7])).toThrow(/6 elements/);
      expect(grid(2, 3).view([6]).shape).toEqual([6]);
      expect(ops.zeros([2, 0]).reshape([0, 5]).shape).toEqual([0, 5]);
    });

    it('flatten, unsqueeze, squeeze', () => {
      const x = ops.zeros([2, 1, 3, 1]);
      expect(x.flatten().shape).toEqual([6]);
      expect(x.flatten(1).shape).toEqual([2, 3]);
      expect(x.flatten(1, 2).shape).toEqual([2, 3, 1]);
      expect(x.squeeze().shape).toEqual([2, 3]);
      expect(x.squeeze(1).shape).toEqual([2, 3, 1]);
      expect(x.squeeze(0).shape).toEqual([2, 1, 3, 1]);
      expect(x.unsqueeze(-1).shape).toEqual([2, 1, 3, 1, 1]);
      expect(tensor(3).unsqueeze(0).shape).toEqual([1]);
    });

    it('transpose, permute, t and movedim move the data', () => {
      expect(grid(2, 3).t().toArray()).toEqual([
        [0, 3],
        [1, 4],
        [2, 5],
      ]);
      const cube = ops.arange(24).reshape([2, 3, 4]);
      const p = cube.permute([2, 0, 1]);
      expect(p.shape).toEqual([4, 2, 3]);
      expect((p.toArray() as number[][][])[3]![1]![2]).toBe(1 * 12 + 2 * 4 + 3);
      expect(cube.transpose(0, 2).shape).toEqual([4, 3, 2]);
      expect(ops.movedim(cube, 0, -1).shape).toEqual([3, 4, 2]);
      expect(() => cube.permute([0, 0, 1])).toThrow(ArgumentError);
      expect(() => cube.t()).toThrow(ShapeError);
    });

    it('expand repeats size-1 and new leading dims', () => {
      expect(
        tensor([[1], [2]])
          .expand([2, 3])
          .toArray(),
      ).toEqual([
        [1, 1, 1],
        [2, 2, 2],
      ]);
      expect(tensor([1, 2]).expand([2, -1]).toArray()).toEqual([
        [1, 2],
        [1, 2],
      ]);
      expect(() => tensor([1, 2]).expand([3])).toThrow(ShapeError);
    });

    it('slice with Python rules and narrow with strict bounds', () => {
      const r = ops.arange(10);
      expect(r.slice(0, 2, 8, 3).toArray()).toEqual([2, 5]);
      expect(r.slice(0, -3).toArray()).toEqual([7, 8, 9]);
      expect(r.slice(0, null, null, 4).toArray()).toEqual([0, 4, 8]);
      expect(r.slice(0, 8, 100).toArray()).toEqual([8, 9]);
      expect(r.slice(0, 5, 2).size).toBe(0);
      expect(grid(3, 4).slice(1, 1, 3).toArray()).toEqual([
        [1, 2],
        [5, 6],
        [9, 10],
      ]);
      expect(r.narrow(0, 2, 3).toArray()).toEqual([2, 3, 4]);
      expect(() => r.narrow(0, 8, 3)).toThrow(ShapeError);
      expect(() => r.slice(0, 0, 5, 0)).toThrow(ArgumentError);
    });

    it('cat and stack, with dtype promotion', () => {
      expect(ops.cat([grid(1, 2), grid(2, 2)], 0).toArray()).toEqual([
        [0, 1],
        [0, 1],
        [2, 3],
      ]);
      expect(ops.cat([grid(2, 1), grid(2, 2)], 1).toArray()).toEqual([
        [0, 0, 1],
        [1, 2, 3],
      ]);
      expect(ops.cat([tensor([1], { dtype: 'int32' }), tensor([0.5])]).toArray()).toEqual([1, 0.5]);
      expect(ops.stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([
        [1, 3],
        [2, 4],
      ]);
      expect(() => ops.cat([grid(1, 2), grid(1, 3)], 0)).toThrow(/position 1/);
      expect(ops.cat([ops.zeros([0, 2]), grid(1, 2)]).shape).toEqual([1, 2]);
    });

    it('pad in all four modes, and crops with negative amounts', () => {
      const x = tensor([[[1, 2, 3]]]);
      expect(ops.pad(x, [2, 1]).toArray()).toEqual([[[0, 0, 1, 2, 3, 0]]]);
      expect(ops.pad(x, [1, 1], { value: -1 }).toArray()).toEqual([[[-1, 1, 2, 3, -1]]]);
      expect(ops.pad(x, [2, 2], { mode: 'reflect' }).toArray()).toEqual([[[3, 2, 1, 2, 3, 2, 1]]]);
      expect(ops.pad(x, [2, 2], { mode: 'replicate' }).toArray()).toEqual([[[1, 1, 1, 2, 3, 3, 3]]]);
      expect(ops.pad(x, [2, 3], { mode: 'circular' }).toArray()).toEqual([[[2, 3, 1, 2, 3, 1, 2, 3]]]);
      expect(ops.pad(x, [-1, 0]).toArray()).toEqual([[[2, 3]]]);
      expect(ops.pad(grid(2, 2), [1, 0, 0, 1]).toArray()).toEqual([
        [0, 0, 1],
        [0, 2, 3],
        [0, 0, 0],
      ]);
      expect(() => ops.pad(x, [3, 0], { mode: 'reflect' })).toThrow(ShapeError);
      expect(() => ops.pad(x, [1])).toThrow(ArgumentError);
    });

    it('indexPut writes a sub-tensor, as x[i, j] = v does in PyTorch', () => {
      expect(ops.indexPut(ops.zeros([2, 3]), 1, 5).toArray()).toEqual([
        [0, 0, 0],
        [5, 5, 5],
      ]);
      expect(ops.indexPut(ops.zeros([2, 3]), [0, -1], 7).toArray()).toEqual([
        [0, 0, 7],
        [0, 0, 0],
      ]);
      expect(ops.indexPut(ops.zeros([2, 3]), 1, tensor([1, 2, 3])).toArray()).toEqual([
        [0, 0, 0],
        [1, 2, 3],
      ]);
      const w = ops.ones([2, 2]);
      w.indexPut_([0, 0], 42);
      expect(w.toArray()).toEqual([
        [42, 1],
        [1, 1],
      ]);
      expect(() => ops.indexPut(ops.zeros([2, 3]), 2, 1)).toThrow(IndexError);
    });

    it("corr2d takes the chapter's integer tensors and names itself in its errors", () => {
      const X = ops.arange(9).view([3, 3]);
      const K = ops.arange(4).view([2, 2]);
      const Y = ops.corr2d(X, K);
      expect(Y.dtype).toBe('float32');
      expect(Y.toArray()).toEqual([
        [19, 25],
        [37, 43],
      ]);
      expect(() => ops.corr2d(X.bool(), K)).toThrow(/^corr2d: expected a numeric input, got dtype bool/);
      expect(() => ops.corr2d(X, ops.zeros([0, 2]))).toThrow(/^corr2d: expected a non-empty kernel/);
      expect(() => X.view([4, -1])).toThrow(/^view: cannot infer the -1/);
    });

    it('indexSelect and oneHot', () => {
      const idx = tensor([2, 0, 2], { dtype: 'int32' });
      expect(grid(3, 2).indexSelect(0, idx).toArray()).toEqual([
        [4, 5],
        [0, 1],
        [4, 5],
      ]);
      expect(grid(2, 3).indexSelect(1, idx).toArray()).toEqual([
        [2, 0, 2],
        [5, 3, 5],
      ]);
      expect(() => grid(2, 2).indexSelect(0, idx)).toThrow(/\[0, 1\]/);
      expect(ops.oneHot(tensor([0, 2], { dtype: 'int32' })).toArray()).toEqual([
        [1, 0, 0],
        [0, 0, 1],
      ]);
      expect(ops.oneHot(tensor([[1]], { dtype: 'int32' }), 2).shape).toEqual([1, 1, 2]);
      expect(() => ops.oneHot(tensor([3], { dtype: 'int32' }), 3)).toThrow(ArgumentError);
    });
  });

  describe('matmul', () => {
    it('covers vector, matrix and broadcast batched products', () => {
      expect(ops.matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
      expect(ops.matmul(grid(2, 3), tensor([1, 1, 1])).toArray()).toEqual([3, 12]);
      expect(ops.matmul(tensor([1, 1]), grid(2, 3)).toArray()).toEqual([3, 5, 7]);
      expect(ops.matmul(grid(2, 3), grid(3, 2)).toArray()).toEqual([
        [10, 13],
        [28, 40],
      ]);
      const batched = ops.matmul(ops.ones([4, 1, 2, 3]), ops.ones([5, 3, 6]));
      expect(batched.shape).toEqual([4, 5, 2, 6]);
      expect(batched.sum().item()).toBe(4 * 5 * 2 * 6 * 3);
      expect(
        ops.matmul(tensor([[1, 2]], { dtype: 'int32' }), tensor([[3], [4]], { dtype: 'int32' })).toArray(),
      ).toEqual([[11]]);
      expect(ops.matmul(ops.zeros([2, 0]), ops.zeros([0, 3])).toArray()).toEqual([
        [0, 0, 0],
        [0, 0, 0],
      ]);
      expect(() => ops.matmul(grid(2, 3), grid(2, 3))).toThrow(/\(3, shape \[2, 3\]\)/);
    });

    it('linear is x @ W^T + b', () => {
      const y = ops.linear(
        grid(2, 3),
        tensor([
          [1, 0, 0],
          [0, 1, 1],
        ]),
        tensor([10, 20]),
      );
      expect(y.toArray()).toEqual([
        [10, 23],
        [13, 29],
      ]);
    });
  });

  describe('convolution arguments', () => {
    it('refuses an empty kernel, as PyTorch does, instead of returning the bias', () => {
      const x = ops.zeros([1, 1, 4, 4]);
      for (const shape of [
        [1, 1, 0, 0],
        [1, 1, 0, 3],
        [1, 1, 2, 0],
      ]) {
        expect(() => ops.conv2d(x, ops.zeros(shape), tensor([1]))).toThrow(ShapeError);
      }
      expect(() => ops.conv2d(x, ops.zeros([1, 1, 0, 0]), tensor([1]))).toThrow(
        'conv2d: expected a kernel of at least 1 x 1, got 0 x 0 (weight shape [1, 1, 0, 0]); an empty kernel sums nothing, so its output would be the bias alone.',
      );
    });
  });
}
