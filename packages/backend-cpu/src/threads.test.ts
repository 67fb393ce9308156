import { batchNorm, conv2d, elementwise, matmul, randn, type Tensor } from '@strata/core';
import { afterAll, describe, expect, it } from 'vitest';
import './index.js';
import { getNumThreads, setNumThreads, threadsReady } from './threads.js';
import { KERNELS_SHARED_WASM_BASE64 } from './wasm/kernels-wasm.generated.js';
import { wasmHeap } from './wasm/load-wasm.js';
import { threadSpawner } from './wasm/spawn-thread.js';
import { ThreadPool } from './wasm/thread-pool.js';

/** How many elements differ in their bits (the arrays' lengths must match). */
function bitDifferences(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) count++;
  return count;
}

describe('kernel threads', () => {
  afterAll(() => setNumThreads(1));

  it('start by default and report their count', async () => {
    await threadsReady();
    expect(getNumThreads()).toBeGreaterThanOrEqual(1);
    await setNumThreads(3);
    expect(getNumThreads()).toBe(3);
  });

  // Every product here is above the 2^18 multiply-adds from which GEMMs are split.
  it('give bit-identical GEMMs, convolutions and sums for 1, 2 and 3 threads', { timeout: 30_000 }, async () => {
    const a = randn([130, 257]);
    const b = randn([257, 200]);
    const tall = randn([600, 64]);
    const wide = randn([64, 200]);
    const x = randn([8, 8, 16, 16]);
    const w = randn([16, 8, 3, 3], { requiresGrad: true });
    // The direct filter gradient with groups, strides and rows that end in a partial vector.
    const xg = randn([16, 6, 15, 19]);
    const wg = randn([12, 3, 3, 5], { requiresGrad: true });
    // The implicit GEMM, with 7x9 planes whose register tiles straddle items, and grouped at stride 2.
    const xi = randn([6, 24, 7, 9]);
    const wi = randn([40, 24, 3, 3], { requiresGrad: true });
    const xs = randn([4, 48, 15, 15]);
    const ws = randn([36, 24, 3, 3], { requiresGrad: true });
    // Per-channel sums over leading and trailing axes (a bias gradient), and down the rows.
    const planes = randn([64, 8, 32, 32]);
    const rows = randn([65536, 8]);
    const results: Float32Array[][] = [];
    for (const threads of [1, 2, 3]) {
      await setNumThreads(threads);
      expect(getNumThreads()).toBe(threads);
      w.grad = null;
      const y = conv2d(x, w, null, { padding: 1 });
      y.square().sum().backward();
      wg.grad = null;
      conv2d(xg, wg, null, { stride: [1, 2], padding: 1, groups: 2 })
        .square()
        .sum()
        .backward();
      // The direct forward's flat tiles: 13 x 9 outputs, no padding rows.
      const flat = conv2d(xg, wg, null, { stride: [1, 2], padding: [0, 1], groups: 2 });
      const sums = [planes.sum([0, 2, 3]), rows.sum(0)];
      wi.grad = null;
      ws.grad = null;
      const implicit = [
        conv2d(xi, wi, null, { padding: 1 }),
        conv2d(xs, ws, null, { stride: 2, padding: [1, 0], groups: 2 }),
      ];
      implicit[0]!.square().sum().add(implicit[1]!.square().sum()).backward();
      implicit.push(wi.grad!, ws.grad!);
      results.push(
        [matmul(a, b), matmul(tall, wide), y, w.grad!, wg.grad!, flat, ...sums, ...implicit].map(
          (t) => t.dataSync() as Float32Array,
        ),
      );
    }
    for (const r of results.slice(1)) {
      for (let i = 0; i < r.length; i++) expect(bitDifferences(r[i]!, results[0]![i]!)).toBe(0);
    }
  });

  // Each loop here is above the 2^15 elements from which generated elementwise loops are split,
  // with lengths that leave vector tails, broadcasts along outer and inner dims, and transcendentals.
  it('give bit-identical generated elementwise loops for 1, 2 and 3 threads', { timeout: 30_000 }, async () => {
    const flat = randn([100_003]);
    const other = randn([100_003]);
    const matrix = randn([301, 517]);
    const row = randn([517]);
    const column = randn([301, 1]);
    const planes = randn([16, 6, 29, 29]);
    const channel = randn([6, 1, 1]);
    const x = randn([8, 8, 16, 16]);
    const w = randn([16, 8, 3, 3]);
    const bias = randn([16]);
    // Every loop but the last holds a transcendental, since loops of only arithmetic stay on one
    // thread below 2^22 elements; the last has more constants than a worker's argument slots.
    const constants = Array.from({ length: 70 }, (_, i) => 1 + i / 64);
    const loops: (() => Tensor)[] = [
      () => elementwise([flat, other], (a, b) => a!.mul(b!).add(a!.exp()).sigmoid()),
      () => elementwise([matrix, row, column], (m, r, c) => m!.add(r!).mul(c!).tanh()),
      () => elementwise([planes, channel], (p, c) => p!.sub(c!).max(0).sqrt().exp()),
      () => conv2d(x, w, bias, { padding: 1, activation: 'sigmoid' }),
      () => elementwise([flat], (a) => constants.reduce((e, k) => e.mul(k), a!)),
    ];
    const results: Float32Array[][] = [];
    for (const threads of [1, 2, 3]) {
      await setNumThreads(threads);
      results.push(loops.map((loop) => loop().dataSync() as Float32Array));
    }
    for (const r of results.slice(1)) {
      for (let i = 0; i < r.length; i++) expect(bitDifferences(r[i]!, results[0]![i]!)).toBe(0);
    }
  });

  // Both layouts are big enough for their channels to be split: planes in parts of 6 channels,
  // [N, C] rows in parts of 44 (an even count, as the kernels take [N, C] channels in pairs).
  it('give bit-identical batch norms, forward and backward, for 1, 2 and 3 threads', { timeout: 30_000 }, async () => {
    const cases = [
      [64, 16, 16, 16],
      [2048, 70],
    ].map((shape) => ({
      x: randn(shape, { requiresGrad: true }),
      dy: randn(shape),
      weight: randn([shape[1]!], { requiresGrad: true }),
      bias: randn([shape[1]!], { requiresGrad: true }),
    }));
    const results: Float32Array[][] = [];
    for (const threads of [1, 2, 3]) {
      await setNumThreads(threads);
      const outputs: Tensor[] = [];
      for (const { x, dy, weight, bias } of cases) {
        for (const t of [x, weight, bias]) t.grad = null;
        const y = batchNorm(x, null, null, weight, bias, { training: true });
        y.mul(dy).sum().backward();
        outputs.push(y, x.grad!, weight.grad!, bias.grad!);
      }
      results.push(outputs.map((t) => t.dataSync() as Float32Array));
    }
    for (const r of results.slice(1)) {
      for (let i = 0; i < r.length; i++) expect(bitDifferences(r[i]!, results[0]![i]!)).toBe(0);
    }
  });

  it('report a part that fails on a worker thread as an error, and keep working', async () => {
    await setNumThreads(2);
    const heap = wasmHeap!;
    heap.reset();
    const src = heap.alloc(8);
    const sums = heap.alloc(8);
    // The worker's part reads far past the end of the memory and traps.
    expect(() =>
      heap.parallel('sum_channels', 8, 4, (begin, end) => [begin === 0 ? src : 0x7ffffff0, 1, 8, 1, sums, begin, end]),
    ).toThrow("ThreadPool: a kernel thread failed running 'sum_channels'");
    const a = randn([300, 300]);
    expect(bitDifferences(matmul(a, a).dataSync() as Float32Array, matmul(a, a).dataSync() as Float32Array)).toBe(0);
  });

  it('never let a worker they have let go take a part of a later job', { timeout: 30_000 }, async () => {
    const heap = wasmHeap!;
    const spawn = threadSpawner()!;
    const started: { terminate(): void }[] = [];
    // As a browser's worker may, each keeps running after terminate() until the test ends.
    const lingering: typeof spawn = (init, onError) => {
      started.push(spawn(init, onError));
      return { terminate: () => {} };
    };
    const pool = new ThreadPool(
      heap,
      new WebAssembly.Module(Buffer.from(KERNELS_SHARED_WASM_BASE64, 'base64')),
      lingering,
    );
    try {
      await pool.resize(2);
      await pool.resize(2);
      heap.reset();
      const channels = 64;
      const inner = 4096;
      const src = heap.alloc(channels * inner);
      heap.f32(src, channels * inner).set(randn([channels * inner]).dataSync() as Float32Array);
      const expected = heap.alloc(channels);
      const sums = heap.alloc(channels);
      heap.kernels.sum_channels(src, 1, channels, inner, expected, 0, channels);
      for (let i = 0; i < 100; i++) {
        heap.f32(sums, channels).fill(0);
        pool.run('sum_channels', channels, 1, (begin, end) => [src, 1, channels, inner, sums, begin, end]);
        expect(bitDifferences(heap.f32(sums, channels), heap.f32(expected, channels))).toBe(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      // One worker part per job: a lingering worker of the first generation would have counted its part too.
      expect((pool as unknown as { control: Int32Array }).control[1]).toBe(1);
    } finally {
      for (const thread of started) thread.terminate();
    }
  });

  it('rejects a thread count that is not a positive integer', async () => {
    await expect(setNumThreads(0)).rejects.toThrow('setNumThreads: expected a positive integer, got 0.');
    await expect(setNumThreads(1.5)).rejects.toThrow('expected a positive integer, got 1.5');
  });
});
