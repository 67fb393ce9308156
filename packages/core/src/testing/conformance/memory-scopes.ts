import { describe, expect, it } from 'vitest';
import { findBackend } from '../../backend/registry.js';
import { dispose, keep, tidy } from '../../engine/engine.js';
import { LEAK_BYTES, LEAK_STREAK, resetLeakCheck } from '../../engine/leak-check.js';
import { memoryScope } from '../../engine/memory-scope.js';
import { scoped } from '../../engine/scoped.js';
import { DisposedError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import { undisposedTensors } from '../undisposed-tensors.js';
import type { ConformanceContext } from './context.js';

// Counts are read with undisposedTensors() (live plus collected), which only create and dispose
// change: these tests await, and finalizers of earlier tests' tensors may run meanwhile.

/** Resolves after a macrotask, as real I/O would: finalizers and other tasks may run in between. */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The message `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DisposedError);
    return (error as Error).message;
  }
  throw new Error('expected a DisposedError, got none');
}

async function* asyncRange(n: number): AsyncGenerator<Tensor, void, undefined> {
  for (let i = 0; i < n; i++) {
    await tick();
    yield ops.tensor([i, i + 1]);
  }
}

function memoryScopeChecks(): void {
  it('releases what was created while it was open, across await, except kept tensors', async () => {
    const before = undisposedTensors();
    const outside = ops.tensor([1, 2, 3]);
    const scope = memoryScope();
    const a = outside.mul(outside);
    await tick();
    const b = a.add(outside);
    const kept = keep(b.sum());
    expect(undisposedTensors()).toBe(before + 4);
    scope.close();
    expect([a.isDisposed, b.isDisposed, kept.isDisposed, outside.isDisposed]).toEqual([true, true, false, false]);
    expect(scope.isClosed).toBe(true);
    expect(kept.item()).toBe(20);
    scope.close();
    expect(undisposedTensors()).toBe(before + 2);
    dispose([outside, kept]);
    expect(undisposedTensors()).toBe(before);
  });

  it('using a released tensor throws a DisposedError that says which scope released it and what to do', () => {
    let t: Tensor | undefined;
    {
      using _ = memoryScope();
      t = ops.tensor([[1, 2]]);
    }
    expect(messageOf(() => t!.add(1))).toBe(
      `Tensor ${t!.id} of shape [1, 2] was released when its memoryScope() closed; to use it after that, keep(t) it inside the scope, or read its value there with .item() / .toArray().`,
    );
    const disposed = ops.tensor([1]);
    disposed.dispose();
    expect(messageOf(() => disposed.toArray())).toMatch(/was disposed; keep it with keep\(\)/);
  });

  it('owns what a tidy inside it returns, and tidy frees its own intermediates at once', () => {
    const x = ops.tensor([1, 2, 3]);
    const before = undisposedTensors();
    let intermediate: Tensor | undefined;
    const scope = memoryScope();
    const y = tidy(() => {
      intermediate = x.mul(2);
      return intermediate.add(1);
    });
    expect(intermediate!.isDisposed).toBe(true);
    expect(y.toArray()).toEqual([3, 5, 7]);
    scope.close();
    expect(y.isDisposed).toBe(true);
    expect(undisposedTensors()).toBe(before);
  });

  it('a scope opened inside a tidy outlives it; tidy ends only its own scope', () => {
    const before = undisposedTensors();
    const scope = tidy(() => {
      ops.tensor([1]);
      return memoryScope();
    });
    expect(undisposedTensors()).toBe(before);
    const t = ops.tensor([2]);
    tidy(() => ops.tensor([3]).add(t));
    expect(t.isDisposed).toBe(false);
    scope.close();
    expect(t.isDisposed).toBe(true);
    expect(undisposedTensors()).toBe(before);
  });

  it('closes out of order: the scope opened later keeps owning its tensors and the new ones', async () => {
    const before = undisposedTensors();
    const outer = memoryScope();
    const a = ops.tensor([1]);
    const inner = memoryScope();
    const b = ops.tensor([2]);
    outer.close();
    expect([a.isDisposed, b.isDisposed]).toEqual([true, false]);
    await tick();
    const c = b.add(1);
    inner.close();
    expect([b.isDisposed, c.isDisposed]).toEqual([true, true]);
    expect(undisposedTensors()).toBe(before);
  });

  it('releases a released leaf’s gradient with it, and leaves a kept leaf’s gradient alone', () => {
    const w = keep(ops.tensor([1, 2], { requiresGrad: true }));
    const before = undisposedTensors();
    let x: Tensor | undefined;
    {
      using _ = memoryScope();
      x = ops.tensor([3, 4], { requiresGrad: true });
      x.mul(w).sum().backward();
      expect(x.grad!.toArray()).toEqual([1, 2]);
    }
    expect(x.isDisposed).toBe(true);
    expect(x.grad!.isDisposed).toBe(true);
    expect(w.grad!.toArray()).toEqual([3, 4]);
    expect(undisposedTensors()).toBe(before + 1);
    dispose([w, w.grad!]);
  });
}

function scopedChecks(): void {
  it('for...of over scoped(...) releases an iteration’s tensors when the loop moves on, not the items it was given', () => {
    const items = [ops.tensor([1, 2]), ops.tensor([3, 4]), ops.tensor([5, 6])];
    const before = undisposedTensors();
    const made: Tensor[] = [];
    const live: number[] = [];
    let total = 0;
    for (const x of scoped(items)) {
      for (const earlier of made) expect(earlier.isDisposed).toBe(true);
      const y = x.mul(x).add(x);
      made.push(y);
      total += y.sum().item() as number;
      live.push(undisposedTensors() - before);
    }
    expect(total).toBe(8 + 32 + 72);
    expect(live).toEqual([3, 3, 3]);
    expect(made.every((t) => t.isDisposed)).toBe(true);
    expect(items.some((t) => t.isDisposed)).toBe(false);
    expect(undisposedTensors()).toBe(before);
    expect(messageOf(() => made[0]!.toArray())).toContain(
      'was released when the for...of loop over scoped(...) moved to the next item (or ended); to use it after that, keep(t) it inside the loop',
    );
  });

  it('break and throw release the last iteration; kept tensors survive the loop', () => {
    const before = undisposedTensors();
    let last: Tensor | undefined;
    const kept: Tensor[] = [];
    for (const i of scoped([1, 2, 3])) {
      last = ops.tensor([i]);
      kept.push(keep(ops.tensor([i * 10])));
      if (i === 2) break;
    }
    expect(last!.isDisposed).toBe(true);
    expect(kept.map((t) => t.item())).toEqual([10, 20]);
    dispose(kept);
    expect(() => {
      for (const i of scoped([1, 2, 3])) {
        last = ops.tensor([i]);
        throw new Error(`boom ${i}`);
      }
    }).toThrow('boom 1');
    expect(last!.isDisposed).toBe(true);
    expect(undisposedTensors()).toBe(before);
  });

  it('for await over scoped(...) gives each item to the iteration it is produced for, and names the loop', async () => {
    const before = undisposedTensors();
    const seen: Tensor[] = [];
    for await (const x of scoped(asyncRange(3), { name: 'the test loader', item: 'batch' })) {
      for (const earlier of seen) expect(earlier.isDisposed).toBe(true);
      expect(x.isDisposed).toBe(false);
      seen.push(x, x.add(1));
      await tick();
    }
    expect(seen.every((t) => t.isDisposed)).toBe(true);
    expect(undisposedTensors()).toBe(before);
    expect(messageOf(() => seen[0]!.sum())).toContain(
      'released when the for await loop over the test loader moved to the next batch (or ended)',
    );
  });

  it('nested loops: the inner loop releases its own iterations; the outer iteration’s tensors live until it ends', async () => {
    const before = undisposedTensors();
    const outerMade: Tensor[] = [];
    const innerMade: Tensor[] = [];
    let sum = 0;
    for await (const x of scoped(asyncRange(2))) {
      const doubled = x.mul(2);
      outerMade.push(doubled);
      for await (const z of scoped(asyncRange(3))) {
        const w = z.add(doubled);
        innerMade.push(w);
        sum += w.sum().item() as number;
      }
      expect(innerMade.every((t) => t.isDisposed)).toBe(true);
      expect(doubled.toArray()).toEqual(x.mul(2).toArray());
    }
    expect(outerMade.every((t) => t.isDisposed)).toBe(true);
    // inner items sum to 2i + 1 for i < 3 (9); the outer doubled items sum to 2 (2j + 1): 2 and 6.
    expect(sum).toBe(2 * 9 + 3 * 2 + 3 * 6);
    expect(undisposedTensors()).toBe(before);
  });

  it('an exception thrown in the body of a for await loop releases its iteration and closes the source', async () => {
    const before = undisposedTensors();
    let closed = false;
    async function* source(): AsyncGenerator<Tensor, void, undefined> {
      try {
        for (let i = 0; ; i++) yield ops.tensor([i]);
      } finally {
        closed = true;
      }
    }
    let made: Tensor | undefined;
    await expect(
      (async () => {
        for await (const x of scoped(source())) {
          made = x.add(1);
          if ((x.item() as number) === 1) throw new Error('stop');
        }
      })(),
    ).rejects.toThrow('stop');
    expect(closed).toBe(true);
    expect(made!.isDisposed).toBe(true);
    expect(undisposedTensors()).toBe(before);
  });
}

/** Replaces console.warn while `fn` runs and returns what was warned. */
function warningsDuring(fn: () => void): string[] {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.join(' '));
  };
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return warnings;
}

function leakCheckChecks(ctx: ConformanceContext): void {
  const w = (): Tensor => keep(ops.tensor([0.5, -0.5], { requiresGrad: true }));
  const step = (weight: Tensor, x: Tensor): Tensor => {
    const loss = x.mul(weight).sum();
    loss.backward();
    weight.grad!.dispose();
    weight.grad = null;
    return loss;
  };

  it(`warns once when tensors outside every scope grow across ${LEAK_STREAK} backward() calls by ${LEAK_BYTES / 2 ** 20} MiB`, () => {
    const weight = w();
    const x = ops.tensor([1, 2]);
    resetLeakCheck();
    const leaked: Tensor[] = [];
    // LEAK_BYTES / LEAK_STREAK a step, in pieces the backend can hold.
    const perStep = Math.ceil(LEAK_BYTES / LEAK_STREAK / 4);
    const pieces = Math.ceil(perStep / findBackend(ctx.backend).capabilities.maxTensorSize);
    const piece = Math.ceil(perStep / pieces);
    const warnings: string[][] = [];
    for (let i = 0; i < 2 * LEAK_STREAK; i++) {
      warnings.push(
        warningsDuring(() => {
          for (let k = 0; k < pieces; k++) leaked.push(ops.zeros([piece]));
          leaked.push(step(weight, x));
        }),
      );
    }
    // Call LEAK_STREAK completes the streak and brings the bytes left to the collector to LEAK_BYTES.
    expect(warnings.map((w) => w.length)).toEqual(warnings.map((_, i) => (i === LEAK_STREAK - 1 ? 1 : 0)));
    const warning = warnings[LEAK_STREAK - 1]![0]!;
    expect(warning).toMatch(
      /^strata: \d+ tensors \(16\.\d MiB\) created outside any memory scope over the last 20 backward\(\) calls were neither disposed nor kept/,
    );
    expect(warning).toContain('using _ = memoryScope()');
    dispose(leaked);
    dispose([weight, x]);
  });

  it('stays silent for scoped and tidy loops, a model and a dataset built between steps, and small examples in a row', () => {
    const weight = w();
    const x = ops.tensor([1, 2]);
    resetLeakCheck();
    const dataset: Tensor[] = [];
    const warnings = warningsDuring(() => {
      for (let i = 0; i < 2 * LEAK_STREAK; i++) {
        using _ = memoryScope();
        step(weight, x);
      }
      for (let i = 0; i < 2 * LEAK_STREAK; i++) tidy(() => step(weight, x).item());
      for (const _ of scoped(new Array<number>(2 * LEAK_STREAK).fill(0))) step(weight, x);
      // A long-lived dataset and model made between two steps grow the count once, not at every step.
      for (let i = 0; i < 100; i++) dataset.push(ops.tensor([i]));
      // A script of small examples, each left to the collector, stays under the byte bar.
      for (let i = 0; i < 2 * LEAK_STREAK; i++) {
        const example = w();
        step(example, ops.tensor([i, 1]));
        example.dispose();
      }
      const model = [w(), w()];
      for (let i = 0; i < 2 * LEAK_STREAK; i++) {
        tidy(() => {
          step(model[0]!, x);
        });
      }
      for (const t of model) t.dispose();
    });
    expect(warnings).toEqual([]);
    for (const t of dataset) t.dispose();
    dispose([weight, x]);
  });
}

/** Memory scopes: memoryScope(), scoped(...) loops, their errors, and the unscoped-loop warning. */
export function defineMemoryScopeTests(ctx: ConformanceContext): void {
  describe('memory scopes', () => {
    memoryScopeChecks();
    scopedChecks();
    leakCheckChecks(ctx);
  });
}
