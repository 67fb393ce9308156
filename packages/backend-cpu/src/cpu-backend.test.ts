import { DisposedError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpu-backend.js';

describe('CpuBackend', () => {
  it('declares its capabilities', () => {
    const backend = new CpuBackend();
    expect(backend.name).toBe('cpu');
    expect(backend.capabilities).toEqual({
      dtypes: ['float32', 'float64', 'int32', 'bool'],
      syncRead: true,
      maxTensorSize: 2 ** 31 - 1,
    });
  });

  it('copies on write and on read', async () => {
    const backend = new CpuBackend();
    const values = new Float32Array([1, 2, 3]);
    const id = backend.write(values, [3], 'float32');
    values[0] = 9;
    const read = backend.readSync(id);
    expect(read).toEqual(new Float32Array([1, 2, 3]));
    read[1] = 9;
    expect(await backend.read(id)).toEqual(new Float32Array([1, 2, 3]));
  });

  it('stores the typed array of the dtype', () => {
    const backend = new CpuBackend();
    const id = backend.write(new Float32Array([1.7, -2.5]), [2], 'int32');
    expect(backend.readSync(id)).toEqual(new Int32Array([1, -2]));
    expect(backend.readSync(backend.write(new Uint8Array([1, 0]), [2], 'bool'))).toEqual(new Uint8Array([1, 0]));
  });

  it('accounts memory per buffer and frees it on dispose', () => {
    const backend = new CpuBackend();
    const a = backend.write(new Float64Array(4), [4], 'float64');
    const b = backend.makeOutput(new Uint8Array(3), [3], 'bool');
    expect(backend.memory()).toEqual({ bytes: 35, buffers: 2 });
    backend.disposeData(a);
    backend.disposeData(a);
    expect(backend.memory()).toEqual({ bytes: 3, buffers: 1 });
    backend.disposeData(b.dataId);
    expect(backend.memory()).toEqual({ bytes: 0, buffers: 0 });
    expect(() => backend.readSync(a)).toThrow(DisposedError);
  });

  it('adopts kernel outputs without copying', () => {
    const backend = new CpuBackend();
    const values = new Int32Array([5, 6]);
    const shape = [2];
    const out = backend.makeOutput(values, shape, 'int32');
    expect(backend.values(out.dataId)).toBe(values);
    expect(out.shape).toEqual([2]);
    expect(out.shape).not.toBe(shape);
    expect(out.dtype).toBe('int32');
  });
});
