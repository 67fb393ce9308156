import { describe, expect, it } from 'vitest';
import { enableGrad, isGradEnabled, noGrad } from '../../autograd/grad-mode.js';
import { AutogradError, DTypeError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import type { ConformanceContext } from './context.js';

const leaf = (values: number[] | number[][]): Tensor => ops.tensor(values, { requiresGrad: true });

/** The gradient of `t`, which must have one. */
function gradOf(t: Tensor): Tensor {
  if (t.grad === null) throw new Error(`expected tensor ${t.id} to have a gradient, got null`);
  return t.grad;
}

function recordingChecks(ctx: ConformanceContext): void {
  it('.grad is null before backward, and stays null on non-leaves', () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(2);
    expect(x.grad).toBeNull();
    y.sum().backward();
    expect(gradOf(x).toArray()).toEqual([2, 2, 2]);
    expect(y.grad).toBeNull();
  });

  it('accumulates gradients across two backward calls, into the same .grad tensor', () => {
    const x = leaf([1, 2, 3]);
    x.mul(2).sum().backward();
    const first = gradOf(x);
    x.mul(x).sum().backward();
    expect(x.grad).toBe(first);
    expect(first.toArray()).toEqual([4, 6, 8]);
  });

  it('a tensor used twice (x * x) gets both contributions, 2x', () => {
    const x = leaf([1, -2, 3]);
    x.mul(x).sum().backward();
    expect(gradOf(x).toArray()).toEqual([2, -4, 6]);
  });

  it('broadcast gradients sum back to the input shape: [3, 1] + [1, 4]', () => {
    const a = leaf([[1], [2], [3]]);
    const b = leaf([[1, 2, 3, 4]]);
    a.add(b).sum().backward();
    expect(gradOf(a).shape).toEqual([3, 1]);
    expect(gradOf(a).toArray()).toEqual([[4], [4], [4]]);
    expect(gradOf(b).toArray()).toEqual([[3, 3, 3, 3]]);
  });

  it('broadcast gradients sum back to the input shape: [3, 1] * [1, 4]', () => {
    const a = leaf([[1], [2], [3]]);
    const b = leaf([[1, 2, 3, 4]]);
    a.mul(b).sum().backward();
    expect(gradOf(a).toArray()).toEqual([[10], [10], [10]]);
    expect(gradOf(b).toArray()).toEqual([[6, 6, 6, 6]]);
  });

  it('backward with an explicit gradient', () => {
    const x = leaf([1, 2, 3]);
    x.mul(x).backward(ops.tensor([1, 0.5, -1]));
    expect(gradOf(x).toArray()).toEqual([2, 2, -6]);
  });

  it('backward on a non-scalar without a gradient throws AutogradError', () => {
    const y = leaf([1, 2, 3]).mul(2);
    expect(() => y.backward()).toThrow(AutogradError);
  });

  it.skipIf(!ctx.float64)('a cast to float64 sends the gradient back in the leaf dtype (needs float64)', () => {
    const x = leaf([1, 2, 3]);
    x.cast('float64').mul(3).sum().backward();
    expect(gradOf(x).dtype).toBe('float32');
    expect(gradOf(x).toArray()).toEqual([3, 3, 3]);
  });
}

function gradModeChecks(): void {
  it('results computed under noGrad do not require grad', () => {
    const x = leaf([1, 2, 3]);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(y.isLeaf).toBe(true);
    expect(() => y.sum().backward()).toThrow(AutogradError);
  });

  it('enableGrad inside noGrad records', () => {
    const x = leaf([1, 2, 3]);
    const y = noGrad(() => enableGrad(() => x.mul(x)));
    expect(y.requiresGrad).toBe(true);
    y.sum().backward();
    expect(gradOf(x).toArray()).toEqual([2, 4, 6]);
  });

  it('detach cuts the graph', () => {
    const x = leaf([1, 2, 3]);
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    // Without the detach the gradient of x * 2x would be 4x.
    x.mul(d).sum().backward();
    expect(gradOf(x).toArray()).toEqual([2, 4, 6]);
  });

  it('requiresGrad = true on an integer or bool tensor throws DTypeError', () => {
    const i = ops.tensor([1, 2], { dtype: 'int32' });
    expect(() => {
      i.requiresGrad = true;
    }).toThrow(DTypeError);
    expect(() => ops.tensor([true], { requiresGrad: true })).toThrow(DTypeError);
    expect(i.requiresGrad).toBe(false);
  });

  it('comparisons, argmax and max indices never require grad', () => {
    const x = leaf([
      [1, 5],
      [3, 2],
    ]);
    for (const out of [x.gt(2), x.eq(x), x.le(0), x.argmax(), x.argmin(1), x.max(1).indices, x.min(0, true).indices]) {
      expect(out.requiresGrad).toBe(false);
    }
  });
}

function graphLifetimeChecks(): void {
  it('a second backward through a freed graph throws AutogradError mentioning retainGraph', () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => y.backward()).toThrow(/retainGraph/);
    expect(gradOf(x).toArray()).toEqual([2, 4, 6]);
  });

  it('retainGraph allows a second backward, and the gradients accumulate', () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(gradOf(x).toArray()).toEqual([4, 8, 12]);
  });

  it('an in-place update of a leaf that requires grad throws while recording and works under noGrad', () => {
    const w = leaf([1, 2, 3]);
    expect(() => w.sub_(1)).toThrow(AutogradError);
    expect(w.toArray()).toEqual([1, 2, 3]);
    w.mul(w).sum().backward();
    // The chapter's parameter update, w -= lr * grad, with lr 0.25 so every value stays exact.
    noGrad(() => w.sub_(gradOf(w).mul(0.25)));
    expect(w.toArray()).toEqual([0.5, 1, 1.5]);
    expect(w.requiresGrad).toBe(true);
    expect(w.isLeaf).toBe(true);
    expect(gradOf(w).toArray()).toEqual([2, 4, 6]);
  });

  it('a saved tensor modified in place after the forward pass makes backward throw', () => {
    const a = leaf([1, 2, 3]);
    const b = ops.tensor([4, 5, 6]);
    const y = a.mul(b).sum();
    b.add_(1);
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => y.backward()).toThrow(/modified in place/);
  });
}

function conventionChecks(): void {
  it('the gradient of relu at exactly 0 is 0', () => {
    const x = leaf([-1, 0, 2]);
    x.relu().sum().backward();
    expect(gradOf(x).toArray()).toEqual([0, 0, 1]);
  });

  it('the gradient of abs at exactly 0 is 0', () => {
    const x = leaf([-2, 0, 3]);
    x.abs().sum().backward();
    expect(gradOf(x).toArray()).toEqual([-1, 0, 1]);
  });

  it('maximum and minimum split the gradient 0.5 / 0.5 at ties', () => {
    const a = leaf([1, 2, 3]);
    const b = leaf([1, 0, 5]);
    a.maximum(b).sum().backward();
    expect(gradOf(a).toArray()).toEqual([0.5, 1, 0]);
    expect(gradOf(b).toArray()).toEqual([0.5, 0, 1]);
    const c = leaf([1, 2, 3]);
    const d = leaf([1, 0, 5]);
    c.minimum(d).sum().backward();
    expect(gradOf(c).toArray()).toEqual([0.5, 0, 1]);
    expect(gradOf(d).toArray()).toEqual([0.5, 1, 0]);
  });

  it('amax shares the gradient evenly among ties; max(x, dim) sends it to the returned index', () => {
    const x = leaf([1, 3, 3, 2]);
    x.amax().backward();
    expect(gradOf(x).toArray()).toEqual([0, 0.5, 0.5, 0]);
    const y = leaf([1, 3, 3, 2]);
    const { values, indices } = y.max(0);
    values.backward();
    const winner = indices.item();
    expect([1, 2]).toContain(winner);
    expect(gradOf(y).toArray()).toEqual([0, 1, 2, 3].map((i) => (i === winner ? 1 : 0)));
  });

  it('clamp passes the gradient at its bounds', () => {
    const x = leaf([-1, 0, 0.5, 1, 2]);
    x.clamp(0, 1).sum().backward();
    expect(gradOf(x).toArray()).toEqual([0, 1, 1, 1, 0]);
  });

  it('leaves sharing one upstream gradient (a + b) get independent .grad tensors', () => {
    const a = leaf([1, 2, 3]);
    const b = leaf([4, 5, 6]);
    a.add(b).sum().backward();
    // Not `expect(a.grad).not.toBe(b.grad)`: vitest's deep-equality hint would iterate the tensors down to 0-d ones.
    expect(a.grad === b.grad).toBe(false);
    gradOf(a).mul_(10);
    expect(gradOf(a).toArray()).toEqual([10, 10, 10]);
    expect(gradOf(b).toArray()).toEqual([1, 1, 1]);
  });

  it('leaves receiving an explicit gradient unchanged get their own copies of it', () => {
    const a = leaf([1, 2, 3]);
    const b = leaf([4, 5, 6]);
    const g = ops.tensor([1, 2, 3]);
    a.add(b).backward(g);
    gradOf(a).mul_(10);
    expect(gradOf(a).toArray()).toEqual([10, 20, 30]);
    expect(gradOf(b).toArray()).toEqual([1, 2, 3]);
    expect(g.toArray()).toEqual([1, 2, 3]);
  });
}

/** Autograd mechanics with exact expected values: accumulation, grad modes, graph lifetime, PyTorch's conventions. */
export function defineAutogradTests(ctx: ConformanceContext): void {
  describe('autograd mechanics', () => {
    recordingChecks(ctx);
    gradModeChecks();
    graphLifetimeChecks();
    conventionChecks();
  });
}
