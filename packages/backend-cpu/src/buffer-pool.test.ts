import { registerCpuKernels } from '@strata/backend-cpu';
import { ArgumentError, findBackend, manualSeed, randn, registerBackend, tidy } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';
import { CpuBackend } from './cpu-backend.js';

describe('BufferPool', () => {
  it('hands a given array back, zero-filled, only for its dtype and length', () => {
    const pool = new BufferPool(1024);
    const a = pool.take('float32', 4);
    a.set([1, 2, 3, 4]);
    pool.give(a);
    expect(pool.bytes).toBe(16);
    expect(pool.take('int32', 4)).not.toBe(a);
    expect(pool.take('float32', 5)).not.toBe(a);
    const again = pool.take('float32', 4);
    expect(again).toBe(a);
    expect(Array.from(again)).toEqual([0, 0, 0, 0]);
    expect(pool.bytes).toBe(0);
  });

  it('keeps at most capacityBytes and leaves the rest to the collector', () => {
    const pool = new BufferPool(24);
    const [a, b] = [new Float64Array(2), new Float64Array(2)];
    pool.give(a);
    pool.give(b);
    expect(pool.bytes).toBe(16);
    expect(pool.take('float64', 2)).toBe(a);
    expect(pool.take('float64', 2)).not.toBe(b);
  });
});

// The pool serves 'js' storage; 'wasm' storage frees blocks of WebAssembly memory instead.
registerBackend('cpu-js-pool', () => new CpuBackend('cpu-js-pool', { storage: 'js' }));
registerCpuKernels('cpu-js-pool');

describe('CpuBackend buffer reuse in js storage', () => {
  it('draws a new output into the buffer of a disposed tensor and leaves live tensors intact', () => {
    const backend = new CpuBackend('cpu-pool-test', { storage: 'js' });
    const x = backend.write(new Float32Array([1, 2, 3]), [3], 'float32');
    const first = backend.values(x);
    const y = backend.write(new Float32Array([4, 5, 6]), [3], 'float32');
    backend.disposeData(x);
    const z = backend.allocate('float32', 3);
    expect(z).toBe(first);
    expect(Array.from(z)).toEqual([0, 0, 0]);
    expect(Array.from(backend.readSync(y))).toEqual([4, 5, 6]);
  });

  it('turns off with poolBytes 0 and rejects a negative bound', () => {
    const backend = new CpuBackend('cpu-no-pool-test', { poolBytes: 0, storage: 'js' });
    const x = backend.write(new Float32Array([1]), [1], 'float32');
    const values = backend.values(x);
    backend.disposeData(x);
    expect(backend.allocate('float32', 1)).not.toBe(values);
    expect(() => new CpuBackend('cpu-bad', { poolBytes: -1 })).toThrow(ArgumentError);
  });

  it('allocates no new arrays in a repeated training step once the first step has run', () => {
    const backend = findBackend('cpu-js-pool') as CpuBackend;
    manualSeed(0);
    const w = randn([8, 16], { requiresGrad: true, backend: 'cpu-js-pool' });
    const x = randn([4, 8], { backend: 'cpu-js-pool' });
    const step = () =>
      tidy(() => {
        const loss = x.matmul(w).relu().sum();
        loss.backward();
        w.grad!.dispose();
        w.grad = null;
      });
    step();
    step();
    const before = backend.stats();
    for (let i = 0; i < 3; i++) step();
    const after = backend.stats();
    expect(after.buffersAllocated - before.buffersAllocated).toBe(0);
    expect(after.buffersReused - before.buffersReused).toBeGreaterThan(3 * 5);
    expect(after.pooledBytes).toBe(before.pooledBytes);
  });
});
