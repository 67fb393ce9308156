import { describe, expect, it } from 'vitest';
import { tidy } from '../../engine/engine.js';
import { ArgumentError } from '../../errors.js';
import { Expr } from '../../elementwise/expr.js';
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import { gradcheck } from '../gradcheck.js';
import type { ConformanceContext } from './context.js';

/**
 * @internal The fused chain against the separate ops: NaN, the infinities and signed zeros
 * exactly, finite values within 4 units in the last place. Backends that round every step (the
 * CPU) agree to the bit; a GPU's shader compiler may contract steps of one program (a
 * multiply-add), which moves the last bit, where separate programs round at every texture write.
 */
export function expectSameValues(fused: Tensor, separate: Tensor): void {
  expect(fused.shape).toEqual(separate.shape);
  const a = fused.dataSync();
  const b = separate.dataSync();
  for (let i = 0; i < b.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (!Number.isFinite(y) || y === 0) expect(Object.is(x, y), `element ${i}: ${x} vs ${y}`).toBe(true);
    else expect(Math.abs(x - y), `element ${i}: ${x} vs ${y}`).toBeLessThanOrEqual(4 * 2 ** -23 * Math.abs(y));
  }
}

/** `elementwise`: a user's chain of elementwise math as one kernel, equal to the separate ops. */
export function defineFusedElementwiseTests(ctx: ConformanceContext): void {
  describe('elementwise (a fused chain)', () => {
    it('equals the separate ops, broadcasting and with special values', () => {
      const x = ops.tensor([
        [-2.5, -0, 0.1, Number.NaN],
        [3, Number.POSITIVE_INFINITY, -7.25, 1e-30],
      ]);
      const w = ops.tensor([[0.3], [-1.7]]);
      const b = ops.tensor([0.5, -0.5, 0, 2]);
      const fused = ops.elementwise([x, w, b], (x, w, b) => x.mul(w).add(b).max(0).sqrt().sub(x.div(3)));
      const separate = x.mul(w).add(b).maximum(0).sqrt().sub(x.div(3));
      expect(fused.shape).toEqual([2, 4]);
      expectSameValues(fused, separate);
    });

    it('promotes as the binary ops do: an int32 tensor and a float scalar give float32', () => {
      const i = ops.tensor([1, 2, 3], { dtype: 'int32' });
      const y = ops.elementwise([i, 0.5], (i, h) => i.mul(h).add(i));
      expect(y.dtype).toBe('float32');
      expect(y.toArray()).toEqual(i.mul(0.5).add(i).toArray());
    });

    it('gives the gradients of the separate ops', () => {
      const x = ops.tensor([0.5, -1.25, 2], { requiresGrad: true });
      const y = ops.tensor([1.5, 0.25, -3], { requiresGrad: true });
      ops
        .elementwise([x, y], (x, y) => x.mul(y).add(x.exp()).tanh())
        .sum()
        .backward();
      const [gx, gy] = [x.grad!, y.grad!];
      x.grad = null;
      y.grad = null;
      x.mul(y).add(x.exp()).tanh().sum().backward();
      expectSameValues(gx, x.grad!);
      expectSameValues(gy, y.grad!);
    });

    it.skipIf(!ctx.float64)('passes a finite-difference gradient check (needs float64)', () => {
      const result = tidy(() =>
        gradcheck(
          (x, y) => ops.elementwise([x, y], (x, y) => x.mul(y).sub(y.sigmoid().mul(x.square()))),
          [ops.randn([2, 3]), ops.randn([3])],
        ),
      );
      expect(result.checked).toBeGreaterThan(0);
    });

    it('refuses what is not an expression of its operands, saying what it expected', () => {
      const x = ops.tensor([1, 2]);
      expect(() => ops.elementwise([x], () => 3 as unknown as Expr)).toThrow(
        new ArgumentError(
          'elementwise: expected the function to return an Expr, got number; compose the operands it receives with Expr methods, e.g. (x, y) => x.add(y).max(0).',
        ),
      );
      expect(() => ops.elementwise([x], (v) => v.add(Expr.input(1, 'float32')), { name: 'mine' })).toThrow(
        /^mine: expected an expression of the operands the function receives, got an Expr\.input\(\) leaf of its own/,
      );
      expect(() => ops.elementwise(x as unknown as Tensor[], (v) => v)).toThrow(
        /^elementwise: expected an array of inputs, got object/,
      );
      expect(() => ops.elementwise([x], (v) => v, { nmae: 'x' } as never)).toThrow(/did you mean name\?/);
    });
  });
}
