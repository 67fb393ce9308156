import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, DataId } from '../../backend/backend.js';
import { getBackend, listBackends, registerBackend, removeBackend, setBackend } from '../../backend/registry.js';
import type { DType, TypedArray } from '../../dtype.js';
import { BackendMismatchError, KernelNotFoundError } from '../../errors.js';
import { tensor } from '../../ops/creation.js';
import type { Shape } from '../../shape.js';
import type { ConformanceContext } from './context.js';

/** A backend with storage and no kernels: enough to move data and to mix backends by mistake. */
class StorageOnlyBackend implements Backend {
  readonly name = 'conformance-storage';
  readonly capabilities = {
    dtypes: ['float32', 'int32', 'bool'] as DType[],
    syncRead: true,
    maxTensorSize: 1 << 20,
  };
  readonly #buffers = new Map<DataId, TypedArray>();
  write(values: TypedArray, _shape: Shape, _dtype: DType): DataId {
    const id = {};
    this.#buffers.set(id, values.slice());
    return id;
  }
  async read(dataId: DataId): Promise<TypedArray> {
    return this.readSync(dataId);
  }
  readSync(dataId: DataId): TypedArray {
    return this.#buffers.get(dataId)!.slice();
  }
  disposeData(dataId: DataId): void {
    this.#buffers.delete(dataId);
  }
  memory() {
    return { bytes: 0, buffers: this.#buffers.size };
  }
}

/** Backend switching, moving tensors, and mixing backends by mistake. */
export function defineBackendTests(ctx: ConformanceContext): void {
  describe('backends', () => {
    const other = 'conformance-storage';
    beforeAll(() => registerBackend(other, () => new StorageOnlyBackend()));
    afterAll(() => removeBackend(other));

    it('setBackend decides where new tensors go', () => {
      setBackend(other);
      expect(getBackend().name).toBe(other);
      expect(tensor([1]).backend).toBe(other);
      setBackend(ctx.backend);
      expect(tensor([1]).backend).toBe(ctx.backend);
      expect(listBackends()).toContain(ctx.backend);
    });

    it('to() moves values both ways and gradients flow back', () => {
      const x = tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { requiresGrad: true },
      );
      const moved = x.to(other);
      expect(moved.backend).toBe(other);
      expect(moved.toArray()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      const back = moved.to(ctx.backend);
      back.mul(3).sum().backward();
      expect(x.grad!.toArray()).toEqual([
        [3, 3],
        [3, 3],
      ]);
    });

    it('moveTo_ moves a tensor in place, keeping the object and its memory accounting', () => {
      const x = tensor([1, 2, 3]);
      x.moveTo_(other);
      expect(x.backend).toBe(other);
      expect(x.toArray()).toEqual([1, 2, 3]);
      x.moveTo_(ctx.backend);
      expect(x.backend).toBe(ctx.backend);
      expect(x.exp().backend).toBe(ctx.backend);
    });

    it('copy_ takes its values from another backend, as PyTorch copies across devices', () => {
      const x = tensor([0, 0]);
      x.copy_(tensor([5, 6], { backend: other }));
      expect(x.backend).toBe(ctx.backend);
      expect(x.toArray()).toEqual([5, 6]);
    });

    it('mixing backends throws a BackendMismatchError naming both and the fix', () => {
      const a = tensor([1, 2]);
      const b = tensor([1, 2], { backend: other });
      expect(() => a.add(b)).toThrow(BackendMismatchError);
      expect(() => a.add(b)).toThrow(new RegExp(`'${ctx.backend}'.*'${other}'.*\\.to\\(`));
    });

    it('a missing kernel or backend is a KernelNotFoundError that says what to do', () => {
      const b = tensor([1, 2], { backend: other });
      expect(() => b.exp()).toThrow(KernelNotFoundError);
      expect(() => b.exp()).toThrow(/'Elementwise'.*'conformance-storage'/);
      expect(() => setBackend('no-such-backend')).toThrow(/import its package/);
    });
  });
}
