import { describe, expect, it } from 'vitest';
import { noGrad } from '../../autograd/grad-mode.js';
import { dispose, keep, memory, tidy } from '../../engine/engine.js';
import { DisposedError, StrataError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import type { ConformanceContext } from './context.js';

interface Counts {
  tensors: number;
  backendTensors: number;
  bytes: number;
  buffers: number;
}

// Every test reads memory() before and after synchronous code only: tensors other tests dropped
// are released by finalizers, which never run in the middle of synchronous code, so the
// differences are exact.
function counts(backend: string): Counts {
  const m = memory();
  return {
    tensors: m.numTensors,
    backendTensors: m.byBackend[backend]?.numTensors ?? 0,
    bytes: m.numBytes,
    buffers: m.numDataBuffers,
  };
}

function delta(before: Counts, after: Counts): Counts {
  return {
    tensors: after.tensors - before.tensors,
    backendTensors: after.backendTensors - before.backendTensors,
    bytes: after.bytes - before.bytes,
    buffers: after.buffers - before.buffers,
  };
}

function tidyChecks(ctx: ConformanceContext): void {
  it('tidy keeps what it returns and frees the intermediates', () => {
    const x = ops.tensor([1, 2, 3]);
    const before = counts(ctx.backend);
    let intermediate: Tensor | undefined;
    const y = tidy(() => {
      intermediate = x.mul(2);
      return intermediate.add(1);
    });
    expect(delta(before, counts(ctx.backend))).toEqual({ tensors: 1, backendTensors: 1, bytes: 12, buffers: 1 });
    expect(intermediate?.isDisposed).toBe(true);
    expect(x.isDisposed).toBe(false);
    expect(y.toArray()).toEqual([3, 5, 7]);
  });

  it('tidy keeps the tensors of a returned array or object', () => {
    const x = ops.tensor([1, 2]);
    const before = counts(ctx.backend);
    const out = tidy(() => ({ a: x.add(1), rest: [x.mul(3), x.neg().exp()] }));
    expect(delta(before, counts(ctx.backend)).tensors).toBe(3);
    expect(out.a.toArray()).toEqual([2, 3]);
    expect(out.rest[0]!.toArray()).toEqual([3, 6]);
  });

  it('nested tidy hands a returned tensor to the enclosing scope', () => {
    const x = ops.tensor([1, 2, 3]);
    const before = counts(ctx.backend);
    let inner: Tensor | undefined;
    let temporary: Tensor | undefined;
    const out = tidy(() => {
      inner = tidy(() => {
        temporary = x.add(1);
        return temporary.mul(2);
      });
      expect(temporary?.isDisposed).toBe(true);
      expect(inner.isDisposed).toBe(false);
      return inner.sum();
    });
    expect(inner?.isDisposed).toBe(true);
    expect(out.item()).toBe(18);
    expect(delta(before, counts(ctx.backend)).tensors).toBe(1);
  });

  it('keep() exempts a tensor from every enclosing tidy', () => {
    const x = ops.tensor([1, 2, 3]);
    const before = counts(ctx.backend);
    let kept: Tensor | undefined;
    tidy(() => {
      tidy(() => {
        kept = keep(x.mul(2));
        x.mul(3);
      });
    });
    expect(delta(before, counts(ctx.backend)).tensors).toBe(1);
    expect(kept?.toArray()).toEqual([2, 4, 6]);
    kept?.dispose();
    expect(delta(before, counts(ctx.backend))).toEqual({ tensors: 0, backendTensors: 0, bytes: 0, buffers: 0 });
  });

  it('tidy of an async function throws and frees what it created', () => {
    const x = ops.tensor([1, 2, 3]);
    const before = counts(ctx.backend);
    expect(() => tidy(async () => x.add(1))).toThrow(StrataError);
    expect(() => tidy(async () => x.add(1))).toThrow(/synchronous/);
    expect(delta(before, counts(ctx.backend)).tensors).toBe(0);
  });

  it('in-place updates leave the live tensor count and buffers unchanged', () => {
    const x = ops.tensor([
      [1, 2],
      [3, 4],
    ]);
    const source = ops.tensor([5, 6], { dtype: 'int32' });
    const ones = ops.tensor([1, 1]);
    const before = counts(ctx.backend);
    x.add_(1);
    x.sub_(ones, { alpha: 2 });
    x.mul_(3).div_(2);
    x.copy_(source);
    x.fill_(7).zero_();
    x.indexPut_([0, 1], 9);
    x.uniform_(0, 1).normal_();
    expect(delta(before, counts(ctx.backend))).toEqual({ tensors: 0, backendTensors: 0, bytes: 0, buffers: 0 });
  });

  it('tidy frees what its function created when the function throws', () => {
    const x = ops.tensor([1, 2, 3]);
    const before = counts(ctx.backend);
    expect(() =>
      tidy(() => {
        x.mul(2).add(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(delta(before, counts(ctx.backend))).toEqual({ tensors: 0, backendTensors: 0, bytes: 0, buffers: 0 });
  });
}

function disposeChecks(ctx: ConformanceContext): void {
  it('dispose() frees a tensor once, and using it afterwards throws DisposedError', async () => {
    const t = ops.tensor([1, 2, 3]);
    const before = counts(ctx.backend);
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(delta(before, counts(ctx.backend))).toEqual({ tensors: -1, backendTensors: -1, bytes: -12, buffers: -1 });
    t.dispose();
    expect(delta(before, counts(ctx.backend)).tensors).toBe(-1);
    expect(() => t.toArray()).toThrow(DisposedError);
    expect(() => t.add(1)).toThrow(DisposedError);
    expect(() => t.reshape([3, 1])).toThrow(DisposedError);
    await expect(t.data()).rejects.toThrow(DisposedError);
  });

  it('dispose() of an array or object frees every tensor in it', () => {
    const [a, b, c] = [ops.tensor([1]), ops.tensor([2]), ops.tensor([3])];
    const before = counts(ctx.backend);
    dispose([a, b]);
    dispose({ c });
    expect(delta(before, counts(ctx.backend)).tensors).toBe(-3);
    expect([a.isDisposed, b.isDisposed, c.isDisposed]).toEqual([true, true, true]);
  });

  it('reshape shares the buffer, and disposing one alias leaves the other readable', () => {
    const x = ops.tensor([1, 2, 3, 4, 5, 6]);
    const before = counts(ctx.backend);
    const r = x.reshape([2, 3]);
    expect(delta(before, counts(ctx.backend))).toEqual({ tensors: 1, backendTensors: 1, bytes: 0, buffers: 0 });
    x.dispose();
    expect(delta(before, counts(ctx.backend))).toEqual({ tensors: 0, backendTensors: 0, bytes: 0, buffers: 0 });
    expect(r.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    r.dispose();
    expect(delta(before, counts(ctx.backend))).toEqual({ tensors: -1, backendTensors: -1, bytes: -24, buffers: -1 });
  });
}

function trainingStepChecks(ctx: ConformanceContext): void {
  it('a training step inside tidy leaves the live tensor count unchanged', () => {
    const params = [ops.randn([3, 2, 3, 3]).mul(0.3), ops.zeros([3]), ops.randn([2, 27]).mul(0.2), ops.zeros([2])];
    for (const p of params) p.requiresGrad = true;
    const [convWeight, convBias, linearWeight, linearBias] = params as [Tensor, Tensor, Tensor, Tensor];
    const x = ops.randn([4, 2, 5, 5]);
    const target = ops.tensor([0, 1, 1, 0], { dtype: 'int32' });
    const step = (): number =>
      tidy(() => {
        const features = ops.conv2d(x, convWeight, convBias).relu().flatten(1);
        const loss = ops.crossEntropy(ops.linear(features, linearWeight, linearBias), target);
        loss.backward();
        noGrad(() => {
          for (const p of params) p.sub_(p.grad!.mul(0.1));
        });
        for (const p of params) {
          p.grad?.dispose();
          p.grad = null;
        }
        return loss.item();
      });

    const losses: number[] = [];
    const live: Counts[] = [];
    for (let i = 0; i < 3; i++) {
      losses.push(step());
      live.push(counts(ctx.backend));
    }
    expect(live[2]).toEqual(live[1]);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[2]).toBeLessThan(losses[0]!);
    for (const p of params) {
      expect(p.grad).toBeNull();
      expect(p.isLeaf).toBe(true);
    }
  });
}

/** Memory accounting: tidy, keep, dispose, buffer sharing and a leak-free training step. */
export function defineMemoryTests(ctx: ConformanceContext): void {
  describe('memory', () => {
    tidyChecks(ctx);
    disposeChecks(ctx);
    trainingStepChecks(ctx);
  });
}
