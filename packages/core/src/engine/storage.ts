import type { DataId } from '../backend/backend.js';

/**
 * @internal Where a copy that stands for a PyTorch view came from: the storage it was copied
 * out of, that storage's version at the time, and the op that made it (`t`, `index`, ...).
 */
export interface CopySource {
  readonly storage: Storage;
  readonly version: number;
  readonly op: string;
}

/**
 * @internal What tensors that alias one another share (a reshape, a `detach()`, the tensor
 * itself): the buffer, the version counter autograd checks saved tensors against, and the name
 * of the in-place op that last wrote, for error messages. An in-place op points the storage at
 * its result's buffer, so every alias sees the write.
 */
export class Storage {
  dataId: DataId;
  readonly backend: string;
  /** Live tensors on this storage; the buffer is released when the last one goes. */
  tensors = 0;
  version = 0;
  writer: string | null = null;
  /** Set on copies made where PyTorch returns a view (`x.t()`, `x.index(0)`): they refuse in-place writes and stale reads. */
  copyOf: CopySource | null = null;

  constructor(dataId: DataId, backend: string) {
    this.dataId = dataId;
    this.backend = backend;
  }
}

/**
 * @internal The tensors that are differentiable aliases of one another (reshapes of one
 * buffer): an in-place op recorded on one of them rebases the autograd history of the others.
 * `detach()` starts a group of its own. Held weakly, so a group never keeps a tensor alive.
 */
export class AliasGroup<T extends object> {
  #refs: WeakRef<T>[] = [];
  #pruneAt = 8;

  constructor(first: T) {
    this.add(first);
  }

  add(member: T): void {
    this.#refs.push(new WeakRef(member));
    if (this.#refs.length >= this.#pruneAt) {
      this.#refs = this.#refs.filter((r) => r.deref() !== undefined);
      this.#pruneAt = Math.max(8, 2 * this.#refs.length);
    }
  }

  /** The members the garbage collector has not reclaimed. */
  members(): T[] {
    const out: T[] = [];
    for (const r of this.#refs) {
      const t = r.deref();
      if (t !== undefined) out.push(t);
    }
    return out;
  }
}
