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
