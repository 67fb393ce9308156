import { describe, expect, it } from 'vitest';
import { GpuBackend } from './gpu-backend.js';

const DOUBLE = { source: 'function(x) { return x[this.thread.x] * 2; }' };

describe('the GPU texture pool', () => {
  it('draws a new output into the texture of a disposed tensor and leaves live tensors intact', () => {
    const backend = new GpuBackend('gpu-pool-test');
    const x = backend.write(new Float32Array([1, 2, 3]), [3], 'float32');
    const info = { dataId: x, shape: [3], dtype: 'float32' as const };
    const first = backend.runProgram({ ...DOUBLE, inputs: [info] }, [3], 'float32');
    const second = backend.runProgram({ ...DOUBLE, inputs: [info] }, [3], 'float32');
    const allocated = backend.stats().texturesAllocated;
    backend.disposeData(first.dataId);
    expect(backend.stats().pooledBytes).toBeGreaterThan(0);
    const third = backend.runProgram({ ...DOUBLE, inputs: [second] }, [3], 'float32');
    const stats = backend.stats();
    expect(stats.texturesAllocated).toBe(allocated);
    expect(stats.texturesReused).toBe(1);
    expect(stats.pooledBytes).toBe(0);
    expect([...backend.readSync(x)]).toEqual([1, 2, 3]);
    expect([...backend.readSync(second.dataId)]).toEqual([2, 4, 6]);
    expect([...backend.readSync(third.dataId)]).toEqual([4, 8, 12]);
  });

  it('takes a disposed output back from the kernel that drew it, which then draws elsewhere', () => {
    const backend = new GpuBackend('gpu-pool-kernel-test', undefined, { reclaimBytes: 0 });
    const x = backend.write(new Float32Array([1, 2, 3]), [3], 'float32');
    const info = { dataId: x, shape: [3], dtype: 'float32' as const };
    const NEGATE = { source: 'function(x) { return -x[this.thread.x]; }' };
    const doubled = backend.runProgram({ ...DOUBLE, inputs: [info] }, [3], 'float32');
    const negated = backend.runProgram({ ...NEGATE, inputs: [info] }, [3], 'float32');
    backend.disposeData(doubled.dataId);
    expect(backend.stats().pooledBytes).toBeGreaterThan(0);
    // The negation draws into that texture; the doubling, run again, must not draw over it.
    const negatedAgain = backend.runProgram({ ...NEGATE, inputs: [info] }, [3], 'float32');
    expect(backend.stats().pooledBytes).toBe(0);
    const doubledAgain = backend.runProgram({ ...DOUBLE, inputs: [info] }, [3], 'float32');
    expect([...backend.readSync(negated.dataId)]).toEqual([-1, -2, -3]);
    expect([...backend.readSync(negatedAgain.dataId)]).toEqual([-1, -2, -3]);
    expect([...backend.readSync(doubledAgain.dataId)]).toEqual([2, 4, 6]);
  });

  it('deletes instead of pooling past its capacity, and rejects a negative one', () => {
    const backend = new GpuBackend('gpu-no-pool-test', undefined, { poolBytes: 0 });
    const a = backend.write(new Float32Array([1]), [1], 'float32');
    backend.write(new Float32Array([2]), [1], 'float32');
    backend.disposeData(a);
    expect(backend.stats().pooledBytes).toBe(0);
    expect(() => new GpuBackend('gpu-bad-pool', undefined, { poolBytes: -1 })).toThrow(/options.poolBytes .* got -1/);
  });

});
