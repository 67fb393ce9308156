import type { Tensor } from '../tensor.js';

/**
 * @internal Marks `out`, a fresh copy of (part of) `x` made where PyTorch returns a view of `x`,
 * so that writing into it in place throws (the write would not reach `x`) and reading it after
 * `x` was written in place throws (a view would show the write). A copy of such a copy stands for
 * a view of the same original.
 */
export function markCopyOf(out: Tensor, x: Tensor, op: string): Tensor {
  const source = x._storage.copyOf;
  out._storage.copyOf =
    source === null
      ? { storage: x._storage, version: x._storage.version, op }
      : { storage: source.storage, version: source.version, op };
  return out;
}
