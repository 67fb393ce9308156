import { describe, expect, it } from 'vitest';
import { noGrad } from '../../autograd/grad-mode.js';
import { hasFusedKernel } from '../../backend/registry.js';
import { memory } from '../../engine/engine.js';
import { ArgumentError, AutogradError, DTypeError, InPlaceError, ShapeError } from '../../errors.js';
import type { Expr } from '../../elementwise/expr.js';
import * as ops from '../../ops/index.js';
import type { ConformanceContext } from './context.js';
import { expectSameValues } from './fused-elementwise.js';

/** An Adam-like update of `[m, v, p]` from the gradient `g` and a scalar tensor `lr`: three outputs sharing nodes. */
function adamLike(m: Expr, v: Expr, p: Expr, g: Expr, lr: Expr): Expr[] {
  const m2 = m.add(g.sub(m).mul(0.1));
  const v2 = v.mul(0.999).add(g.mul(0.001).mul(g));
  return [m2, v2, p.add(m2.mul(lr.neg()).div(v2.sqrt().add(1e-8)))];
}

/**
 * `elementwiseInPlace`: several targets updated in one pass from their old values, equal to one
 * `elementwise` per target, written in place, with its aliasing and autograd errors.
 */
export function defineElementwiseInPlaceTests(ctx: ConformanceContext): void {
  describe('elementwiseInPlace (a fused in-place update)', () => {
    // 40,003 elements: above the size from which a CPU loop is split across threads, with a tail.
    // Six programs over 40,003 elements take seconds on a software GL rasteriser (llvmpipe).
    for (const size of [7, 40_003]) {
      it(`equals one elementwise per target read from the old values (${size} elements)`, { timeout: 60_000 }, () => {
        const [m, v, p, g] = [ops.randn([size]), ops.rand([size]), ops.randn([size]), ops.randn([size])];
        const lr = ops.tensor(0.01);
        const separate = [0, 1, 2].map((j) =>
          ops.elementwise([m, v, p, g, lr], (...e) => adamLike(...(e as [Expr, Expr, Expr, Expr, Expr]))[j]!),
        );
        const returned = ops.elementwiseInPlace([m, v, p], [g, lr], (m, v, p, g, lr) => adamLike(m!, v!, p!, g!, lr!));
        expect(returned.every((t, j) => t === [m, v, p][j])).toBe(true);
        [m, v, p].forEach((t, j) => {
          expectSameValues(t, separate[j]!);
        });
      });
    }

    it('broadcasts the inputs and writes NaN, the infinities and signed zeros as the separate ops', () => {
      const x = ops.tensor([
        [-2.5, -0, 0.1, Number.NaN],
        [3, Number.POSITIVE_INFINITY, -7.25, 1e-30],
      ]);
      const y = ops.tensor([
        [1, 2, 3, 4],
        [-0, 0, Number.NEGATIVE_INFINITY, 5],
      ]);
      const w = ops.tensor([[0.3], [-1.7]]);
      const wantX = x.mul(w).maximum(y).sqrt();
      const wantY = y.add(x.div(3));
      ops.elementwiseInPlace([x, y], [w, 2], (x, y, w, two) => [
        x!.mul(w!).max(y!).sqrt(),
        y!.add(x!.div(3)).mul(two!).div(two!),
      ]);
      expectSameValues(x, wantX);
      expectSameValues(y, wantY);
    });

    it('writes every target in its own dtype, integers and empty tensors too', () => {
      const i = ops.tensor([1, -2, 7], { dtype: 'int32' });
      const f = ops.tensor([0.5, 0.25, 2]);
      ops.elementwiseInPlace([i], [3], (i, k) => [i!.mul(k!).add(1)]);
      expect(i.dtype).toBe('int32');
      expect(i.toArray()).toEqual([4, -5, 22]);
      // Operands promote together, as in elementwise: the int32 target reads as float32 here.
      ops.elementwiseInPlace([f], [i], (f, i) => [f!.add(i!)]);
      expect(f.toArray()).toEqual([4.5, -4.75, 24]);
      expect(() => ops.elementwiseInPlace([i, f], [], (i, f) => [i!, f!])).toThrow(
        /target 0's dtype int32, got dtype float32/,
      );
      const empty = ops.zeros([0, 3]);
      ops.elementwiseInPlace([empty], [ops.ones([3])], (e, o) => [e!.add(o!)]);
      expect(empty.shape).toEqual([0, 3]);
      if (ctx.float64) {
        const d = ops.tensor([1, 2], { dtype: 'float64' });
        ops.elementwiseInPlace([d], [0.1], (d, k) => [d!.add(k!)]);
        expect(d.toArray()).toEqual([1.1, 2.1]);
      }
    });

    it('writes in place: aliases see the write, the version moves on, and nothing is left allocated', () => {
      const p = ops.tensor([1, 2, 3, 4]);
      const view = p.reshape([2, 2]);
      const g = ops.tensor([0.5, 0.5, 0.5, 0.5]);
      const before = p._version;
      const buffer = p._dataId;
      const live = memory().numDataBuffers;
      ops.elementwiseInPlace([p], [g, view.reshape([4])], (p, g, same) => [p!.sub(g!).add(same!)]);
      expect(view.toArray()).toEqual([
        [1.5, 3.5],
        [5.5, 7.5],
      ]);
      expect(p._version).toBeGreaterThan(before);
      expect(memory().numDataBuffers).toBe(live);
      // Only a backend with the kernel writes the buffer itself; core's fallback swaps in a new one.
      if (hasFusedKernel(ctx.backend, 'ElementwiseInPlace')) expect(p._dataId).toBe(buffer);
    });

    it('leaves the values another tensor shares with a target (after copy_) unchanged', () => {
      const source = ops.tensor([1, 2, 3]);
      const target = ops.zeros([3]);
      target.copy_(source);
      ops.elementwiseInPlace([target], [], (t) => [t!.mul(10)]);
      expect(target.toArray()).toEqual([10, 20, 30]);
      expect(source.toArray()).toEqual([1, 2, 3]);
    });

    it('makes autograd refuse a saved tensor it overwrote, as every in-place op does', () => {
      const a = ops.tensor([1, 2], { requiresGrad: true });
      const b = a.mul(2);
      const c = b.mul(b);
      noGrad(() => ops.elementwiseInPlace([b], [], (b) => [b!.add(1)], { name: 'bump' }));
      expect(() => c.sum().backward()).toThrow(/modified in place by bump after it was saved/);
    });

    it('refuses overlapping targets and inputs that overlap a target other than element for element', () => {
      const p = ops.zeros([2, 3]);
      const q = ops.zeros([2, 3]);
      expect(() => ops.elementwiseInPlace([p, p], [], (a, b) => [a!, b!])).toThrow(InPlaceError);
      expect(() => ops.elementwiseInPlace([p, p.reshape([2, 3])], [], (a, b) => [a!, b!])).toThrow(
        /targets that do not overlap, got targets 0 and 1/,
      );
      expect(() => ops.elementwiseInPlace([p, q], [p.reshape([6])], (a, b, c) => [a!, b!.add(c!)])).toThrow(
        /overlap a target only element for element/,
      );
      expect(() => ops.elementwiseInPlace([p.t()], [], (a) => [a!])).toThrow(/a copy made by t\(\)/);
    });

    it('refuses targets that require grad and inputs that do while gradients are recorded', () => {
      const w = ops.zeros([3], { requiresGrad: true });
      const g = ops.ones([3], { requiresGrad: true });
      const buf = ops.zeros([3]);
      expect(() => ops.elementwiseInPlace([w], [], (w) => [w!.add(1)])).toThrow(AutogradError);
      expect(() => ops.elementwiseInPlace([buf], [g], (b, g) => [b!.add(g!)])).toThrow(
        /inputs that do not require grad while gradients are recorded .*got input 0/,
      );
      noGrad(() => ops.elementwiseInPlace([w, buf], [g], (w, b, g) => [w!.add(g!), b!.sub(g!)]));
      expect(w.toArray()).toEqual([1, 1, 1]);
      expect(buf.toArray()).toEqual([-1, -1, -1]);
    });

    it('refuses shapes that would grow the targets, mismatched targets, results it cannot write, and bad arguments', () => {
      const p = ops.zeros([3]);
      expect(() => ops.elementwiseInPlace([p], [ops.zeros([2, 3])], (p, x) => [p!.add(x!)])).toThrow(ShapeError);
      expect(() => ops.elementwiseInPlace([p, ops.zeros([4])], [], (a, b) => [a!, b!])).toThrow(/targets of one shape/);
      const flags = ops.tensor([true, false, true]);
      expect(() => ops.elementwiseInPlace([flags], [], (f) => [f!.cast('float32').add(0.5)])).toThrow(DTypeError);
      expect(() => ops.elementwiseInPlace([p], [], (p) => [p!, p!])).toThrow(/array of 1 Expr/);
      expect(() => ops.elementwiseInPlace([], [], () => [])).toThrow(ArgumentError);
      expect(() => ops.elementwiseInPlace([p], [], (p) => [p!], { nme: 'x' } as never)).toThrow(/nme/);
    });
  });
}
