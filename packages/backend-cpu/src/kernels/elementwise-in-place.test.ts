import {
  elementwise,
  elementwiseInPlace,
  type Expr,
  findBackend,
  memory,
  randn,
  rand,
  type Tensor,
} from '@strata/core';
import { afterAll, describe, expect, it } from 'vitest';
import '../index.js';
import type { CpuBackend } from '../cpu-backend.js';
import { setNumThreads, threadsReady } from '../threads.js';
import { wasmHeap } from '../wasm/load-wasm.js';

/** Adam's update of `[m, v, (max), p]` from `g`, as `@strata/optim` builds it. */
function adam(amsgrad: boolean): (...e: Expr[]) => Expr[] {
  return (...e) => {
    const [m, v] = e as [Expr, Expr];
    const [max, w, g] = (amsgrad ? e.slice(2) : [undefined, ...e.slice(2)]) as [Expr | undefined, Expr, Expr];
    const m2 = m.add(g.sub(m).mul(0.1));
    const v2 = v.mul(0.999).add(g.mul(0.001).mul(g));
    const second = max === undefined ? v2 : max.max(v2);
    const w2 = w.mul(0.99).add(m2.mul(-0.01).div(second.sqrt().div(0.03).add(1e-8)));
    return max === undefined ? [m2, v2, w2] : [m2, v2, second, w2];
  };
}

const bits = (t: Tensor) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer);

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

describe('ElementwiseInPlace on the CPU', () => {
  afterAll(() => setNumThreads(1));

  // 4,194,307 elements: split across threads (a loop of only arithmetic, as Adam's is, from 2^22),
  // with a vector tail, for AMSGrad's four targets only (seconds under load); 100,003 and 2,000:
  // on the calling thread.
  it('equals one elementwise per target to the bit, for 1, 2 and 3 threads', { timeout: 120_000 }, async () => {
    await threadsReady();
    for (const size of [2_000, 100_003, 4_194_307]) {
      for (const amsgrad of size > 1 << 22 ? [true] : [false, true]) {
        const start = [randn([size]), rand([size]), rand([size]), randn([size])];
        const g = randn([size]);
        const state = amsgrad ? start : [start[0]!, start[1]!, start[3]!];
        const update = adam(amsgrad);
        const want = state.map((_, j) => bits(elementwise([...state, g], (...e) => update(...e)[j]!)));
        for (const threads of [1, 2, 3]) {
          await setNumThreads(threads);
          const targets = state.map((t) => t.clone());
          elementwiseInPlace(targets, [g], update);
          targets.forEach((t, j) => {
            expect(
              sameBits(bits(t), want[j]!),
              `size ${size}, amsgrad ${amsgrad}, ${threads} threads, target ${j}`,
            ).toBe(true);
          });
        }
      }
    }
  });

  it('writes the tensors where they are in WebAssembly memory, taking no block and no new buffer', () => {
    const backend = findBackend('cpu') as CpuBackend;
    expect(backend.storage).toBe('wasm');
    const targets = [randn([50_000]), randn([50_000]), randn([50_000])];
    const g = randn([50_000]);
    const update = adam(false);
    elementwiseInPlace(targets, [g], update);
    const offsets = targets.map((t) => (backend.values(t._dataId) as Float32Array).byteOffset);
    const before = backend.stats();
    const buffers = memory().numDataBuffers;
    for (let step = 0; step < 3; step++) elementwiseInPlace(targets, [g], update);
    const after = backend.stats();
    expect(after.blocksAllocated - before.blocksAllocated).toBe(0);
    expect(after.buffersAllocated - before.buffersAllocated).toBe(0);
    // Scratch an earlier kernel left is freed by the next kernel's start; this one takes none.
    expect(after.wasmBytesInUse).toBeLessThanOrEqual(before.wasmBytesInUse);
    expect(memory().numDataBuffers).toBe(buffers);
    expect(targets.map((t) => (backend.values(t._dataId) as Float32Array).byteOffset)).toEqual(offsets);
  });

  it('moves a target a kernel left on the JS heap into WebAssembly memory once, then writes it there', () => {
    const backend = findBackend('cpu') as CpuBackend;
    // Random draws are arrays the kernel made itself, adopted on the JS heap.
    const p = randn([5_000]);
    const g = randn([5_000]);
    const want = p.add(g).dataSync();
    expect(wasmHeap!.isView(backend.values(p._dataId))).toBe(false);
    const bytes = backend.memory().bytes;
    elementwiseInPlace([p], [g], (p, g) => [p!.add(g!)]);
    const moved = backend.values(p._dataId);
    expect(wasmHeap!.isView(moved)).toBe(true);
    expect([...moved]).toEqual([...want]);
    expect(backend.memory().bytes).toBe(bytes);
    const blocks = backend.stats().blocksAllocated;
    elementwiseInPlace([p], [g], (p, g) => [p!.sub(g!)]);
    expect(backend.values(p._dataId)).toBe(moved);
    expect(backend.stats().blocksAllocated).toBe(blocks);
  });
});
