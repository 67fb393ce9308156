import { viewHistory } from './autograd/alias.js';
import { backward } from './autograd/backward.js';
import type { GradNode } from './autograd/grad-node.js';
import type { DataId } from './backend/backend.js';
import { type DType, isFloat, type TypedArray } from './dtype.js';
import { backendOf, disposeTensor } from './engine/engine.js';
import type { Storage } from './engine/storage.js';
import { AutogradError, DisposedError, DTypeError, InPlaceError, StrataError } from './errors.js';
import { formatTensor } from './format.js';
import { type NestedArray, toNestedArray } from './nested-array.js';
import { formatShape, type Shape, sizeFromShape } from './shape.js';

/**
 * Something an arithmetic op accepts besides a tensor: a plain number or boolean.
 *
 * @example
 * ```ts
 * const operand: TensorLike = 2; x.mul(operand);
 * ```
 */
export type TensorLike = Tensor | number | boolean;

/** Node's `util.inspect.custom`, by its registered name so that browser bundles need no `node:util`. */
const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/**
 * An n-dimensional array on a backend, with autograd. Create tensors with `tensor`, `zeros`,
 * `randn`, ...; values are read explicitly with `data()`, `dataSync()`, `toArray()`, `item()`.
 * Methods mirror PyTorch's (`x.sum(1, true)`, `x.reshape([2, 3])`, `x.t()`), in camelCase;
 * `x.index(...)` and `x.indexPut_(...)` are PyTorch's `x[...]` and `x[...] = v`, and a tensor
 * iterates over its first dimension.
 *
 * Printing: `console.log(x)` in Node and `String(x)` / `${x}` anywhere print like PyTorch
 * (`tensor([[19., 25.], ...])`); a browser console's object view shows `shape` and `dtype` first;
 * `JSON.stringify(x)` gives `{ shape, dtype, data }`.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const loss = x.mul(x).sum();
 * loss.backward();
 * x.grad!.toArray(); // [[2, 4], [6, 8]]
 * ```
 */
export class Tensor {
  /** The dimensions, outermost first. */
  readonly shape: Shape;

  /** The element type. */
  readonly dtype: DType;

  /** The accumulated gradient after `backward()`, `null` before. */
  grad: Tensor | null = null;

  /** A unique id, for debugging. */
  readonly id: number;

  /** @internal The buffer and version counter this tensor shares with its aliases. */
  _storage: Storage;

  /** @internal */
  _requiresGrad = false;

  /** @internal The node that accumulates into `.grad`, once this leaf is used by a recorded op. */
  _accumulator: GradNode | null = null;

  /**
   * @internal For a differentiable alias (a reshape, a view): the tensor whose storage it shares
   * and whose history its own derives from. An alias of an alias records the first base.
   */
  _base: Tensor | null = null;

  #gradFn: GradNode | null = null;

  /** The storage version `#gradFn` was set at: an alias's history is stale once the version moves on. */
  #gradFnVersion: number;

  #disposed = false;

  #releasedWhen: string | undefined;

  /** @internal Tensors are made by ops; use `tensor()` and friends. */
  constructor(id: number, storage: Storage, shape: Shape, dtype: DType) {
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.id = id;
    this._storage = storage;
    this.#gradFnVersion = storage.version;
  }

  /** @internal The node that produced this tensor, `null` for leaves. */
  get _gradFn(): GradNode | null {
    this.#refreshAliasHistory();
    return this.#gradFn;
  }

  /** @internal */
  set _gradFn(node: GradNode | null) {
    this.#gradFn = node;
    this.#gradFnVersion = this._storage.version;
  }

  // An in-place write through the base or another alias moved the version on since this alias's
  // history was set: it becomes "a reshape of the base" again, from the base's new history.
  #refreshAliasHistory(): void {
    if (this._base === null || this.#gradFnVersion === this._storage.version) return;
    this.#gradFnVersion = this._storage.version;
    const node = viewHistory(this);
    if (node === null) return;
    this.#gradFn = node;
    this._requiresGrad = true;
  }

  /** The name of the backend holding the data (`'cpu'`, `'gpu'`). */
  get backend(): string {
    return this._storage.backend;
  }

  /** The number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The number of elements. */
  get size(): number {
    return sizeFromShape(this.shape);
  }

  /** Whether `dispose()` was called. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** @internal The buffer, as its backend knows it. */
  get _dataId(): DataId {
    return this._storage.dataId;
  }

  /** @internal The version counter: bumped by every in-place write through this tensor or an alias. */
  get _version(): number {
    return this._storage.version;
  }

  /** Whether a leaf collects `.grad`, or a result depends on one that does. */
  get requiresGrad(): boolean {
    this.#refreshAliasHistory();
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (value && !isFloat(this.dtype)) {
      throw new DTypeError(
        `requiresGrad: expected a floating-point tensor, got dtype ${this.dtype}; only float tensors can require gradients, cast with .float() first.`,
      );
    }
    if (!value && this._gradFn !== null) {
      throw new AutogradError(
        'requiresGrad: expected a leaf tensor, got one computed by an op; use .detach() to get a tensor without gradient history.',
      );
    }
    this._requiresGrad = value;
  }

  /** Whether this tensor was created by the user rather than by an op that records gradients. */
  get isLeaf(): boolean {
    return this._gradFn === null;
  }

  /** @internal */
  _assertAlive(): void {
    if (this.#disposed) {
      throw new DisposedError(
        `Tensor ${this.id} of shape [${this.shape.join(', ')}] was ${this.#releasedWhen ?? 'disposed; keep it with keep() or return it from tidy() to use it later'}.`,
      );
    }
  }

  /** @internal Throws if this is a copy standing for a view whose source was written in place since. */
  _assertCurrent(): void {
    const source = this._storage.copyOf;
    if (source === null || source.storage.version === source.version) return;
    const by = source.storage.writer === null ? '' : ` by ${source.storage.writer}`;
    throw new InPlaceError(
      `${source.op}: expected the tensor ${source.op}() was taken from to be unchanged, got it modified in place${by} since; strata copies where PyTorch returns a view, and a view would show the change. Call ${source.op}() again after the change, or clone() its result before the change to keep the old values.`,
    );
  }

  /** @internal `releasedWhen` is how a memory scope explains the release in later errors. */
  _markDisposed(releasedWhen?: string): void {
    this.#disposed = true;
    this.#releasedWhen = releasedWhen;
  }

  /** The number of dimensions (PyTorch's `dim()`; also `rank`). */
  dim(): number {
    return this.rank;
  }

  /** The number of elements (PyTorch's `numel()`). */
  numel(): number {
    return this.size;
  }

  /** The values as a flat typed array, once the backend has them. */
  async data(): Promise<TypedArray> {
    this._assertAlive();
    this._assertCurrent();
    return backendOf(this).read(this._dataId);
  }

  /** The values as a flat typed array, synchronously (backends that can read synchronously). */
  dataSync(): TypedArray {
    this._assertAlive();
    this._assertCurrent();
    const backend = backendOf(this);
    if (!backend.capabilities.syncRead) {
      throw new StrataError(
        `dataSync: backend '${this.backend}' cannot read synchronously; use await tensor.data() instead.`,
      );
    }
    return backend.readSync(this._dataId);
  }

  /** The values as nested arrays (booleans for bool tensors; a number for a scalar). */
  toArray(): NestedArray {
    return toNestedArray(this.dataSync(), this.shape, this.dtype);
  }

  #one(op: string): number {
    if (this.size !== 1) {
      throw new StrataError(
        `${op}: expected a tensor with one element, got shape [${this.shape.join(', ')}]; reduce it first (e.g. .sum()) or index it.`,
      );
    }
    return this.dataSync()[0]!;
  }

  /**
   * The value of a one-element tensor as a number (PyTorch's `item()`). A bool tensor gives 1 or
   * 0, as Python's `True == 1`; {@link itemBool} gives a boolean.
   *
   * @example
   * ```ts
   * correct += net.forward(X).argmax(1).eq(y).sum().item();
   * ```
   */
  item(): number {
    return this.#one('item');
  }

  /**
   * The value of a one-element tensor as a boolean (nonzero is true, as Python's `bool(t)`).
   *
   * @example
   * ```ts
   * if (x.gt(0).any().itemBool()) console.log('some positive');
   * ```
   */
  itemBool(): boolean {
    return this.#one('itemBool') !== 0;
  }

  /** Prints like PyTorch: `tensor([[19., 25.],\n        [37., 43.]])`. */
  toString(): string {
    return formatTensor(this.dataSync(), this.shape, this.dtype, this.requiresGrad, this._gradFn?.name);
  }

  /** What `JSON.stringify` writes: `{ shape, dtype, data }` with `data` as nested arrays. */
  toJSON(): { shape: number[]; dtype: DType; data: NestedArray } {
    return { shape: [...this.shape], dtype: this.dtype, data: this.toArray() };
  }

  /** What Node's `console.log` and `util.inspect` print: the PyTorch text, or why the values cannot be shown. */
  [INSPECT](): string {
    try {
      this._assertAlive();
      return this.toString();
    } catch (error) {
      if (!(error instanceof StrataError)) throw error;
      return `tensor(<${error.message}>, size=${formatShape(this.shape)}, dtype=${this.dtype})`;
    }
  }

  /** Frees the data now instead of when the tensor is garbage-collected. */
  dispose(): void {
    disposeTensor(this);
  }

  /** Accumulates gradients of this (scalar) tensor into every leaf that requires them. */
  backward(gradient?: Tensor, options: { retainGraph?: boolean } = {}): void {
    backward(this, gradient, options);
  }
}
