import type { TensorInfo } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { IKernelRunShortcut, Texture } from './vendor/gpu-js.generated.js';
import { GpuBackend } from './gpu-backend.js';
import { TexturePool } from './texture-pool.js';

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

  it('allocates nothing for a kernel that keeps replacing its own input, as an in-place update does', () => {
    // p.add_(d) runs `p + d` on p's texture and drops it after the run: gpu.js draws each run
    // into a spare it keeps for a kernel that reads its own last output, so no texture is new.
    const backend = new GpuBackend('gpu-pool-update-test');
    let p: TensorInfo = {
      dataId: backend.write(new Float32Array([1, 2, 3]), [3], 'float32'),
      shape: [3],
      dtype: 'float32',
    };
    const update = () => {
      const next = backend.runProgram({ ...DOUBLE, inputs: [p] }, [3], 'float32');
      backend.disposeData(p.dataId);
      p = next;
    };
    update();
    update();
    const before = backend.stats();
    const memory = backend.memory();
    for (let i = 0; i < 5; i++) update();
    const after = backend.stats();
    expect(after.texturesAllocated).toBe(before.texturesAllocated);
    expect(after.texturesReused - before.texturesReused).toBe(5);
    expect(after.kernelRuns - before.kernelRuns).toBe(5);
    expect(backend.memory()).toEqual(memory);
    expect([...backend.readSync(p.dataId)]).toEqual([128, 256, 384]);
  });

  it('deletes instead of pooling past its capacity, and rejects a negative one', () => {
    const backend = new GpuBackend('gpu-no-pool-test', undefined, { poolBytes: 0 });
    const a = backend.write(new Float32Array([1]), [1], 'float32');
    backend.write(new Float32Array([2]), [1], 'float32');
    backend.disposeData(a);
    expect(backend.stats().pooledBytes).toBe(0);
    expect(() => new GpuBackend('gpu-bad-pool', undefined, { poolBytes: -1 })).toThrow(/options.poolBytes .* got -1/);
  });

  it('hands a pooled texture only to an output of the same size and format (WebGL2: R32F scalars, RGBA32F packed)', () => {
    const [R32F, RGBA32F] = [0x822e, 0x8814];
    // gpu.js's texture and kernel objects as the pool sees them, without a GL context.
    const texture = (internalFormat: number, refs: number) => ({
      size: [2, 2],
      internalFormat,
      texture: { _refs: refs },
      _deleted: false,
      delete() {},
    });
    const kernel = (output: ReturnType<typeof texture>) =>
      ({ kernel: { texture: output, _textureSwitched: false } }) as unknown as IKernelRunShortcut;
    const pool = new TexturePool(1 << 20);
    pool.release(texture(R32F, 1) as unknown as Texture);
    expect(pool.bytes).toBe(2 * 2 * 4);
    const draw = (output: ReturnType<typeof texture>) =>
      pool.draw(kernel(output), () => output as unknown as Texture).outcome;
    expect(draw(texture(RGBA32F, 2))).toBe('allocated');
    expect(draw(texture(R32F, 2))).toBe('pooled');
    expect(pool.bytes).toBe(0);
  });
});
