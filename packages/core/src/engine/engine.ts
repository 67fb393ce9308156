import type { Backend, DataId, TensorInfo } from '../backend/backend.js';
import { findBackend } from '../backend/registry.js';
import { bytesPerElement } from '../dtype.js';
import { BackendMismatchError, DisposedError, StrataError } from '../errors.js';
import { type Shape, sizeFromShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { assignTensor, disown, innermostScope, openScope, removeScope } from './scopes.js';
import { Storage } from './storage.js';

interface DataRecord {
  readonly backend: Backend;
  readonly bytes: number;
  /** Storages pointing at the buffer. */
  refs: number;
}

interface BackendCounts {
  tensors: number;
  bytes: number;
}

/**
 * Live tensors and bytes: in total and per backend.
 *
 * @example
 * ```ts
 * const before = memory().numTensors;
 * tidy(() => ones([2]).add(1));
 * memory().numTensors === before; // true
 * ```
 */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  /** Distinct buffers (reshapes share one). */
  numDataBuffers: number;
  byBackend: Record<string, { numTensors: number; numBytes: number }>;
  /**
   * Tensors released so far by the garbage collector because the program dropped them without
   * `dispose`/`tidy` (cumulative). A count that grows in a training loop means GPU memory waits on
   * the collector. `numTensors + numCollected` changes only when the program creates or disposes.
   */
  numCollected: number;
}

const records = new Map<DataId, DataRecord>();
const counts = new Map<string, BackendCounts>();
let nextTensorId = 0;
let collected = 0;

// Tensors the program forgot outside every scope, without dispose(), release their buffer when
// collected; scopes, tidy and dispose make the release deterministic (the collector runs only
// between tasks, and never sees GPU memory).
const collector = new FinalizationRegistry<Storage>((storage) => {
  collected++;
  countTensor(storage.backend, -1, 0);
  releaseStorage(storage);
});

function countTensor(backendName: string, tensors: number, bytes: number): void {
  let entry = counts.get(backendName);
  if (entry === undefined) {
    entry = { tensors: 0, bytes: 0 };
    counts.set(backendName, entry);
  }
  entry.tensors += tensors;
  entry.bytes += bytes;
}

function retainData(dataId: DataId, backend: Backend, bytes: number): void {
  const record = records.get(dataId);
  if (record === undefined) {
    records.set(dataId, { backend, bytes, refs: 1 });
    countTensor(backend.name, 0, bytes);
  } else {
    record.refs++;
  }
}

function releaseData(dataId: DataId): void {
  const record = records.get(dataId);
  if (record === undefined) return;
  record.refs--;
  if (record.refs > 0) return;
  records.delete(dataId);
  countTensor(record.backend.name, 0, -record.bytes);
  record.backend.disposeData(dataId);
}

function releaseStorage(storage: Storage): void {
  storage.tensors--;
  if (storage.tensors === 0) releaseData(storage.dataId);
}

function track(t: Tensor): Tensor {
  t._storage.tensors++;
  countTensor(t.backend, 1, 0);
  collector.register(t, t._storage, t);
  assignTensor(t, innermostScope());
  return t;
}

/** @internal Wraps a buffer a backend produced in a new tensor, tracked for memory and tidy. */
export function makeTensor(info: TensorInfo, backend: Backend): Tensor {
  const bytes = sizeFromShape(info.shape) * bytesPerElement(info.dtype);
  retainData(info.dataId, backend, bytes);
  return track(new Tensor(nextTensorId++, new Storage(info.dataId, backend.name), info.shape, info.dtype));
}

/**
 * @internal A new tensor on `x`'s storage, viewed with `shape` (same size) and `dtype`: writes
 * through either are seen by both.
 */
export function makeAlias(x: Tensor, shape: Shape, dtype = x.dtype): Tensor {
  x._assertAlive();
  return track(new Tensor(nextTensorId++, x._storage, shape, dtype));
}

/**
 * @internal A tensor holding `x`'s current buffer in a storage of its own, so that it keeps the
 * values `x` has now when `x` is written in place: the old value an in-place op records.
 */
export function makeSnapshot(x: Tensor): Tensor {
  x._assertAlive();
  const record = records.get(x._dataId)!;
  retainData(x._dataId, record.backend, record.bytes);
  return track(new Tensor(nextTensorId++, new Storage(x._dataId, x.backend), x.shape, x.dtype));
}

/**
 * @internal Frees a tensor's hold on its buffer; further use throws, with `releasedWhen` (from a
 * memory scope) saying why in the error.
 */
export function disposeTensor(t: Tensor, releasedWhen?: string): void {
  if (t.isDisposed) return;
  collector.unregister(t);
  countTensor(t.backend, -1, 0);
  releaseStorage(t._storage);
  t._markDisposed(releasedWhen);
  disown(t);
}

/**
 * @internal An in-place write: points `target`'s storage (so every alias of `target`) at
 * `source`'s buffer, releasing the old one, and bumps the storage's version. `writer` names the
 * in-place op for autograd's error messages.
 */
export function writeData(target: Tensor, source: Tensor, writer: string): void {
  const record = records.get(source._dataId);
  if (record === undefined) throw new DisposedError(`${writer}: the source tensor was disposed.`);
  const storage = target._storage;
  retainData(source._dataId, record.backend, record.bytes);
  const old = storage.dataId;
  storage.dataId = source._dataId;
  storage.version++;
  storage.writer = writer;
  releaseData(old);
}

/**
 * @internal Whether `t`'s storage is the only one holding its buffer: no snapshot an in-place op
 * kept for autograd and no tensor a `copy_` pointed at the same values, so a kernel may write the
 * buffer itself without changing what another tensor holds.
 */
export function ownsBuffer(t: Tensor): boolean {
  return records.get(t._dataId)?.refs === 1;
}

/**
 * @internal Records that a kernel wrote `target`'s buffer in place: bumps its storage's version
 * (so autograd refuses a saved copy of the old values) and names `writer` for its errors.
 */
export function markWritten(target: Tensor, writer: string): void {
  target._storage.version++;
  target._storage.writer = writer;
}

/**
 * @internal Moves `target` onto `source`'s storage (an in-place move to another backend): it
 * leaves its aliases behind, as PyTorch's `param.data = param.data.to(device)` does.
 */
export function adoptStorage(target: Tensor, source: Tensor): void {
  source._assertAlive();
  collector.unregister(target);
  countTensor(target.backend, -1, 0);
  releaseStorage(target._storage);
  target._storage = source._storage;
  target._storage.tensors++;
  countTensor(target.backend, 1, 0);
  collector.register(target, target._storage, target);
}

/** @internal The backend instance a tensor lives on. */
export function backendOf(t: Tensor): Backend {
  return findBackend(t.backend);
}

/** @internal The kernel-facing view of a tensor. */
export function infoOf(t: Tensor): TensorInfo {
  t._assertAlive();
  t._assertCurrent();
  return { dataId: t._dataId, shape: t.shape, dtype: t.dtype };
}

/**
 * Checks that every tensor lives on one backend and returns its name; `op` names the caller in
 * the error.
 *
 * @internal
 */
export function commonBackend(op: string, tensors: readonly Tensor[]): string | undefined {
  let name: string | undefined;
  let first: Tensor | undefined;
  for (const t of tensors) {
    if (name === undefined) {
      name = t.backend;
      first = t;
    } else if (t.backend !== name) {
      throw new BackendMismatchError(
        `${op}: expected all tensors on one backend, got a tensor of shape [${first!.shape.join(', ')}] on '${name}' and one of shape [${t.shape.join(', ')}] on '${t.backend}'; move one with .to('${name}') or .to('${t.backend}').`,
      );
    }
  }
  return name;
}

/**
 * Runs `fn` and disposes every tensor it created except those it returns (a tensor, or tensors
 * inside an array or plain object) and those passed to {@link keep}. A training step inside
 * `tidy` leaves the live tensor count unchanged. When `fn` throws, everything it created is freed.
 * What it returns belongs to the enclosing scope: an outer `tidy`, or the memory scope of a loop
 * iteration (`for await` over a `DataLoader`, {@link scoped}, `memoryScope()`). `fn` must be
 * synchronous; across `await`, use a `memoryScope()`.
 *
 * @example
 * ```ts
 * const y = tidy(() => x.mul(2).add(1)); // the intermediate x.mul(2) is freed
 * ```
 */
export function tidy<T>(fn: () => T): T {
  const scope = openScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    removeScope(scope);
    for (const t of scope.tensors) disposeTensor(t);
    throw error;
  }
  removeScope(scope);
  if (result instanceof Promise) {
    for (const t of scope.tensors) disposeTensor(t);
    throw new StrataError(
      'tidy: expected a synchronous function, got one that returned a Promise; await outside tidy and call tidy inside, or open a memory scope that holds across await: { using _ = memoryScope(); ... }.',
    );
  }
  const survivors = new Set<Tensor>();
  collectTensors(result, survivors);
  const parent = innermostScope();
  for (const t of scope.tensors) {
    if (survivors.has(t)) assignTensor(t, parent);
    else disposeTensor(t);
  }
  return result;
}

/** @internal The tensors in `value`: a tensor, or tensors inside arrays, maps and plain objects. */
export function collectTensors(value: unknown, into: Set<Tensor>, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (value instanceof Tensor) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, into, depth + 1);
    return;
  }
  if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, into, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into, depth + 1);
  }
}

/**
 * Exempts `t` from every enclosing and future `tidy` and memory scope (model weights, running
 * statistics, a tensor a `for await` loop over a `DataLoader` must hand to the next iteration):
 * it lives until `dispose()`.
 *
 * @example
 * ```ts
 * let w: Tensor; tidy(() => { w = keep(randn([3, 3])); });
 * ```
 */
export function keep<T extends Tensor>(t: T): T {
  disown(t);
  return t;
}

/**
 * Disposes one tensor, or every tensor in an array or object.
 *
 * @example
 * ```ts
 * dispose([a, b]);
 * ```
 */
export function dispose(value: Tensor | readonly Tensor[] | Record<string, Tensor>): void {
  const found = new Set<Tensor>();
  collectTensors(value, found);
  for (const t of found) disposeTensor(t);
}

/**
 * Live tensors and bytes, per backend. Tensors dropped without `dispose` count until the garbage
 * collector reclaims them.
 *
 * @example
 * ```ts
 * memory().numTensors;
 * ```
 */
export function memory(): MemoryInfo {
  const byBackend: MemoryInfo['byBackend'] = {};
  let numTensors = 0;
  let numBytes = 0;
  for (const [name, c] of counts) {
    byBackend[name] = { numTensors: c.tensors, numBytes: c.bytes };
    numTensors += c.tensors;
    numBytes += c.bytes;
  }
  return { numTensors, numBytes, numDataBuffers: records.size, byBackend, numCollected: collected };
}
