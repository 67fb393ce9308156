import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../../ops/creation.js';
import * as ops from '../../ops/index.js';
import type { ConformanceContext } from './context.js';

/** `toString()` prints like PyTorch. */
export function definePrintingTests(_ctx: ConformanceContext): void {
  describe('printing', () => {
    it('matches PyTorch for integral, fractional, int, bool and scalar tensors', () => {
      expect(
        tensor([
          [19, 25],
          [37, 43],
        ]).toString(),
      ).toBe('tensor([[19., 25.],\n        [37., 43.]])');
      expect(tensor([0.5, -1.25]).toString()).toBe('tensor([ 0.5000, -1.2500])');
      expect(tensor([1, -20], { dtype: 'int32' }).toString()).toBe('tensor([  1, -20])');
      expect(tensor([true, false]).toString()).toBe('tensor([ True, False])');
      expect(tensor(3).toString()).toBe('tensor(3.)');
      expect(tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
      expect(zeros([0]).toString()).toBe('tensor([])');
      expect(zeros([2, 0]).toString()).toBe('tensor([], size=[2, 0])');
    });

    it('separates 3-D blocks with a blank line and marks gradients', () => {
      expect(arange(4).reshape([2, 1, 2]).toString()).toBe('tensor([[[0, 1]],\n\n        [[2, 3]]])');
      expect(tensor([1], { requiresGrad: true }).toString()).toBe('tensor([1.], requiresGrad=true)');
      expect(tensor([1], { requiresGrad: true }).mul(2).toString()).toBe('tensor([2.], gradFn=<MulBackward>)');
      const y = zeros([2]);
      y.indexPut_(0, tensor(3, { requiresGrad: true }));
      expect(y.toString()).toBe('tensor([3., 0.], gradFn=<IndexPutBackward>)');
      expect(y.index(ops.slice(0, 1)).toString()).toBe('tensor([3.], gradFn=<IndexBackward>)');
    });

    it("prints like PyTorch through Node's util.inspect, and as { shape, dtype, data } in JSON", () => {
      const inspect = Symbol.for('nodejs.util.inspect.custom');
      const x = tensor([
        [1, 2],
        [3, 4],
      ]);
      const print = (t: object) => (t as Record<symbol, () => string>)[inspect]!();
      expect(print(x)).toBe('tensor([[1., 2.],\n        [3., 4.]])');
      expect(JSON.stringify(x)).toBe('{"shape":[2,2],"dtype":"float32","data":[[1,2],[3,4]]}');
      expect(Object.keys(x).slice(0, 2)).toEqual(['shape', 'dtype']);
      x.dispose();
      expect(print(x)).toMatch(
        /^tensor\(<Tensor \d+ of shape \[2, 2\] was disposed.*>, size=\[2, 2\], dtype=float32\)$/,
      );
    });

    it('summarises large tensors', () => {
      expect(arange(2000).toString()).toBe('tensor([   0,    1,    2,  ..., 1997, 1998, 1999])');
    });
  });
}
