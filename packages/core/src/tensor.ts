import type { DataId } from './backend/backend.js';
import { backward } from './autograd/backward.js';
import { isGradEnabled } from './autograd/grad-mode.js';
import type { GradNode } from './autograd/grad-node.js';
import { recordGrad, watchSaved } from './autograd/record.js';
import { type DType, isFloat, type TypedArray } from './dtype.js';
import { adoptStorage, backendOf, disposeTensor, makeSnapshot, tidy, writeData } from './engine/engine.js';
import type { Storage } from './engine/storage.js';
import { AutogradError, DisposedError, DTypeError, InPlaceError, ShapeError, StrataError } from './errors.js';
import { formatTensor } from './format.js';
import { aliasBase, rebaseOnWrite, viewHistory } from './ops/alias.js';
import * as ops from './ops/index.js';
import { reshapeAs } from './ops/reshape.js';
import { sliceAlong } from './ops/slice.js';
import { markCopyOf } from './ops/view-copy.js';
import { type NestedArray, toNestedArray } from './nested-array.js';
import { formatShape, type Shape, shapesEqual, sizeFromShape } from './shape.js';

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

/** Whether a result of dtype `from` may be written into a tensor of dtype `to` (PyTorch's `can_cast`). */
function canCast(from: DType, to: DType): boolean {
  if (isFloat(from)) return isFloat(to);
  return !(from === 'int32' && to === 'bool');
}

/** How errors spell the out-of-place form of an in-place op, where it is not the method `x.op(...)`. */
const OUT_OF_PLACE_FORMS: Record<string, string> = {
  full: 'fullLike(x, value)',
  rand: 'rand(x.shape)',
  randn: 'randn(x.shape)',
  expand: 'source.expand(x.shape)',
};

const outOfPlaceForm = (op: string): string => OUT_OF_PLACE_FORMS[op] ?? `x.${op}(...)`;

/** An error an in-place op's out-of-place computation threw, renamed after the in-place op the user called. */
function renamed(error: unknown, from: string, to: string): unknown {
  if (!(error instanceof StrataError) || !error.message.startsWith(`${from}: `)) return error;
  const Kind = error.constructor as new (message: string) => StrataError;
  return new Kind(`${to}: ${error.message.slice(from.length + 2)}`);
}

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
export class Tensor implements Iterable<Tensor> {
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

  /**
   * The sub-tensors along the first dimension, as PyTorch's `for row in X` and `a, b = X`. Each is
   * `x.index(i)` (a copy, see {@link index}).
   *
   * @example
   * ```ts
   * for (const row of X) console.log(row.sum().item());
   * const [first, second] = X;
   * ```
   */
  *[Symbol.iterator](): Iterator<Tensor> {
    if (this.rank === 0) {
      throw new ShapeError(
        'iteration: expected a tensor of rank at least 1, got a 0-d tensor (PyTorch: iteration over a 0-d tensor); read it with item(). Test frameworks iterate what they deep-compare: compare tensors with toArray(), or by identity (expect(a === b)).',
      );
    }
    for (let i = 0; i < this.shape[0]!; i++) yield ops.index(this, i);
  }

  /** Frees the data now instead of when the tensor is garbage-collected. */
  dispose(): void {
    disposeTensor(this);
  }

  /** Accumulates gradients of this (scalar) tensor into every leaf that requires them. */
  backward(gradient?: Tensor, options: { retainGraph?: boolean } = {}): void {
    backward(this, gradient, options);
  }

  /** A tensor sharing this one's data, cut from the graph. */
  detach(): Tensor {
    return ops.detach(this);
  }

  /** A copy with its own data (gradients flow through the copy). */
  clone(): Tensor {
    return ops.clone(this);
  }

  /** The same values on backend `name` (a copy; a no-op when already there). */
  to(name: string): Tensor {
    return ops.toBackend(this, name);
  }

  /** The values converted to `dtype`. */
  cast(dtype: DType): Tensor {
    return ops.cast(this, dtype);
  }

  /** `cast('float32')`. */
  float(): Tensor {
    return ops.cast(this, 'float32');
  }

  /** `cast('float64')`. */
  double(): Tensor {
    return ops.cast(this, 'float64');
  }

  /** `cast('int32')`. */
  int(): Tensor {
    return ops.cast(this, 'int32');
  }

  /** `cast('bool')`. */
  bool(): Tensor {
    return ops.cast(this, 'bool');
  }

  /** The method form of {@link onesLike}. */
  onesLike(): Tensor {
    return ops.onesLike(this);
  }

  /** The method form of {@link zerosLike}. */
  zerosLike(): Tensor {
    return ops.zerosLike(this);
  }

  /** The method form of {@link add}. */
  add(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ops.add(this, other, options);
  }

  /** The method form of {@link sub}. */
  sub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ops.sub(this, other, options);
  }

  /** The method form of {@link mul}. */
  mul(other: TensorLike): Tensor {
    return ops.mul(this, other);
  }

  /** The method form of {@link div}. */
  div(other: TensorLike): Tensor {
    return ops.div(this, other);
  }

  /** The method form of {@link pow}. */
  pow(exponent: TensorLike): Tensor {
    return ops.pow(this, exponent);
  }

  /** The method form of {@link maximum}. */
  maximum(other: TensorLike): Tensor {
    return ops.maximum(this, other);
  }

  /** The method form of {@link minimum}. */
  minimum(other: TensorLike): Tensor {
    return ops.minimum(this, other);
  }

  /** The method form of {@link eq}. */
  eq(other: TensorLike): Tensor {
    return ops.eq(this, other);
  }

  /** The method form of {@link ne}. */
  ne(other: TensorLike): Tensor {
    return ops.ne(this, other);
  }

  /** The method form of {@link lt}. */
  lt(other: TensorLike): Tensor {
    return ops.lt(this, other);
  }

  /** The method form of {@link le}. */
  le(other: TensorLike): Tensor {
    return ops.le(this, other);
  }

  /** The method form of {@link gt}. */
  gt(other: TensorLike): Tensor {
    return ops.gt(this, other);
  }

  /** The method form of {@link ge}. */
  ge(other: TensorLike): Tensor {
    return ops.ge(this, other);
  }

  /** The method form of {@link logicalAnd}. */
  logicalAnd(other: TensorLike): Tensor {
    return ops.logicalAnd(this, other);
  }

  /** The method form of {@link logicalOr}. */
  logicalOr(other: TensorLike): Tensor {
    return ops.logicalOr(this, other);
  }

  /** The method form of {@link logicalNot}. */
  logicalNot(): Tensor {
    return ops.logicalNot(this);
  }

  /** The method form of {@link neg}. */
  neg(): Tensor {
    return ops.neg(this);
  }

  /** The method form of {@link abs}. */
  abs(): Tensor {
    return ops.abs(this);
  }

  /** The method form of {@link exp}. */
  exp(): Tensor {
    return ops.exp(this);
  }

  /** The method form of {@link log}. */
  log(): Tensor {
    return ops.log(this);
  }

  /** The method form of {@link sqrt}. */
  sqrt(): Tensor {
    return ops.sqrt(this);
  }

  /** The method form of {@link rsqrt}. */
  rsqrt(): Tensor {
    return ops.rsqrt(this);
  }

  /** The method form of {@link square}. */
  square(): Tensor {
    return ops.square(this);
  }

  /** The method form of {@link relu}. */
  relu(): Tensor {
    return ops.relu(this);
  }

  /** The method form of {@link sigmoid}. */
  sigmoid(): Tensor {
    return ops.sigmoid(this);
  }

  /** The method form of {@link tanh}. */
  tanh(): Tensor {
    return ops.tanh(this);
  }

  /** The method form of {@link sign}. */
  sign(): Tensor {
    return ops.sign(this);
  }

  /** The method form of {@link floor}. */
  floor(): Tensor {
    return ops.floor(this);
  }

  /** The method form of {@link ceil}. */
  ceil(): Tensor {
    return ops.ceil(this);
  }

  /** The method form of {@link round}. */
  round(): Tensor {
    return ops.round(this);
  }

  /** The method form of {@link clamp}. */
  clamp(min?: number | null, max?: number | null): Tensor {
    return ops.clamp(this, min, max);
  }

  /** PyTorch's `x.where(condition, y)`: x where condition holds, y elsewhere. */
  where(condition: Tensor, other: TensorLike): Tensor {
    return ops.where(condition, this, other);
  }

  /** The method form of {@link sum}. */
  sum(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return ops.sum(this, dim, keepdim);
  }

  /** The method form of {@link mean}. */
  mean(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return ops.mean(this, dim, keepdim);
  }

  /** The largest element, or `{ values, indices }` along `dim`. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ops.ValuesIndices;
  max(dim?: number, keepdim?: boolean): Tensor | ops.ValuesIndices {
    return dim === undefined ? ops.max(this) : ops.max(this, dim, keepdim);
  }

  /** The smallest element, or `{ values, indices }` along `dim`. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ops.ValuesIndices;
  min(dim?: number, keepdim?: boolean): Tensor | ops.ValuesIndices {
    return dim === undefined ? ops.min(this) : ops.min(this, dim, keepdim);
  }

  /** The method form of {@link amax}. */
  amax(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return ops.amax(this, dim, keepdim);
  }

  /** The method form of {@link amin}. */
  amin(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return ops.amin(this, dim, keepdim);
  }

  /** The method form of {@link argmax}. */
  argmax(dim?: number, keepdim?: boolean): Tensor {
    return ops.argmax(this, dim, keepdim);
  }

  /** The method form of {@link argmin}. */
  argmin(dim?: number, keepdim?: boolean): Tensor {
    return ops.argmin(this, dim, keepdim);
  }

  /** The method form of {@link all}. */
  all(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return ops.all(this, dim, keepdim);
  }

  /** The method form of {@link any}. */
  any(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return ops.any(this, dim, keepdim);
  }

  /** The method form of {@link logsumexp}. */
  logsumexp(dim: number | readonly number[], keepdim?: boolean): Tensor {
    return ops.logsumexp(this, dim, keepdim);
  }

  /** The method form of `variance()`. */
  var(dim?: number | readonly number[], options?: ops.VarianceOptions): Tensor {
    return ops.variance(this, dim, options);
  }

  /** The method form of {@link std}. */
  std(dim?: number | readonly number[], options?: ops.VarianceOptions): Tensor {
    return ops.std(this, dim, options);
  }

  /** The method form of {@link matmul}. */
  matmul(other: Tensor): Tensor {
    return ops.matmul(this, other);
  }

  /** The method form of {@link reshape}. */
  reshape(shape: readonly number[]): Tensor {
    return ops.reshape(this, shape);
  }

  /** Same as `reshape` (every strata tensor is contiguous): shares this tensor's storage, so in-place writes through either are seen by both. */
  view(shape: readonly number[]): Tensor {
    return reshapeAs('view', this, shape);
  }

  /** The method form of {@link flatten}. */
  flatten(startDim?: number, endDim?: number): Tensor {
    return ops.flatten(this, startDim, endDim);
  }

  /** The method form of {@link transpose}. */
  transpose(dim0: number, dim1: number): Tensor {
    return ops.transpose(this, dim0, dim1);
  }

  /** The method form of {@link permute}. */
  permute(dims: readonly number[]): Tensor {
    return ops.permute(this, dims);
  }

  /** The method form of {@link t}. */
  t(): Tensor {
    return ops.t(this);
  }

  /** The method form of {@link movedim}. */
  movedim(source: number, destination: number): Tensor {
    return ops.movedim(this, source, destination);
  }

  /** The method form of {@link unsqueeze}. */
  unsqueeze(dim: number): Tensor {
    return ops.unsqueeze(this, dim);
  }

  /** The method form of {@link squeeze}. */
  squeeze(dim?: number | readonly number[]): Tensor {
    return ops.squeeze(this, dim);
  }

  /** The method form of {@link expand}. */
  expand(shape: readonly number[]): Tensor {
    return ops.expand(this, shape);
  }

  /** The method form of {@link expand}. */
  expandAs(other: Tensor): Tensor {
    return ops.expand(this, other.shape);
  }

  /** The method form of {@link narrow}. */
  narrow(dim: number, start: number, length: number): Tensor {
    return ops.narrow(this, dim, start, length);
  }

  /**
   * Elements `start, start + step, ...` below `end` along `dim`, with Python's slice rules:
   * `x.slice(1, 2, null, 2)` is `x.index(':, 2::2')`, PyTorch's `x[:, 2::2]`. A copy where
   * PyTorch returns a view (see {@link index}).
   */
  slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor {
    return markCopyOf(sliceAlong('slice', this, dim, start, end, step), this, 'slice');
  }

  /** The method form of {@link indexSelect}. */
  indexSelect(dim: number, index: Tensor): Tensor {
    return ops.indexSelect(this, dim, index);
  }

  /** The method form of {@link softmax}. */
  softmax(dim: number): Tensor {
    return ops.softmax(this, dim);
  }

  /** The method form of {@link logSoftmax}. */
  logSoftmax(dim: number): Tensor {
    return ops.logSoftmax(this, dim);
  }

  /**
   * `x[indices]`: PyTorch's indexing (see {@link index} for the items). Integers, slices, `null`
   * and `'...'` give a copy where PyTorch gives a view: writing into it throws; write with
   * {@link indexPut_}.
   *
   * @example
   * ```ts
   * X.index(0);                              // X[0]
   * X.index(':, 2:6');                       // X[:, 2:6]
   * X.index(slice(i, i + h), slice(j, j + w)); // X[i:i + h, j:j + w]
   * yHat.index(arange(n), y);                // y_hat[range(n), y]
   * x.index('..., 0');                       // x[..., 0]
   * ```
   */
  index(...indices: ops.IndexItem[]): Tensor {
    return ops.index(this, ...indices);
  }

  /** The out-of-place form of {@link indexPut_} (PyTorch's `index_put`). */
  indexPut(
    indices: ops.IndexItem | readonly ops.IndexItem[],
    value: TensorLike,
    options?: ops.IndexPutOptions,
  ): Tensor {
    return ops.indexPut(this, indices, value, options);
  }

  /**
   * In place: `x[indices] = value` (or `+=` with `{ accumulate: true }`), `value` broadcast and
   * cast to this dtype. `indices` is one index item or an array of them, the tuple between
   * PyTorch's brackets (see {@link indexPut}). Recorded by autograd like every in-place op.
   *
   * @example
   * ```ts
   * X.indexPut_(':, 2:6', 0);                // X[:, 2:6] = 0
   * Y.indexPut_([i, j], X.index(slice(i, i + h), slice(j, j + w)).mul(K).sum()); // Y[i, j] = ...
   * w.detach().indexPut_([0, 0], 42);        // net[0].weight.data[0, 0] = 42
   * ```
   */
  indexPut_(indices: ops.IndexItem | readonly ops.IndexItem[], value: TensorLike, options?: ops.IndexPutOptions): this {
    return this.#inPlace('indexPut_', 'indexPut', [value], (self) => ops.indexPut(self, indices, value, options));
  }

  /** In place: `this -= other * alpha` (PyTorch's `sub_`, `x -= y`). */
  sub_(other: TensorLike, options?: { alpha?: number }): this {
    return this.#inPlace('sub_', 'sub', [other], (self) => ops.sub(self, other, options));
  }

  /** In place: `this += other * alpha` (PyTorch's `add_`, `x += y`). */
  add_(other: TensorLike, options?: { alpha?: number }): this {
    return this.#inPlace('add_', 'add', [other], (self) => ops.add(self, other, options));
  }

  /** In place: `this *= other`. */
  mul_(other: TensorLike): this {
    return this.#inPlace('mul_', 'mul', [other], (self) => ops.mul(self, other));
  }

  /** In place: `this /= other` (a float tensor: true division does not fit integers). */
  div_(other: TensorLike): this {
    return this.#inPlace('div_', 'div', [other], (self) => ops.div(self, other));
  }

  /** In place: `this **= exponent`. */
  pow_(exponent: TensorLike): this {
    return this.#inPlace('pow_', 'pow', [exponent], (self) => ops.pow(self, exponent));
  }

  /** In place: {@link neg}. */
  neg_(): this {
    return this.#inPlace('neg_', 'neg', [], (self) => ops.neg(self));
  }

  /** In place: {@link abs}. */
  abs_(): this {
    return this.#inPlace('abs_', 'abs', [], (self) => ops.abs(self));
  }

  /** In place: {@link exp}. */
  exp_(): this {
    return this.#inPlace('exp_', 'exp', [], (self) => ops.exp(self));
  }

  /** In place: {@link log}. */
  log_(): this {
    return this.#inPlace('log_', 'log', [], (self) => ops.log(self));
  }

  /** In place: {@link sqrt}. */
  sqrt_(): this {
    return this.#inPlace('sqrt_', 'sqrt', [], (self) => ops.sqrt(self));
  }

  /** In place: {@link relu} (PyTorch's `relu_`, `nn.ReLU(inplace=True)`). */
  relu_(): this {
    return this.#inPlace('relu_', 'relu', [], (self) => ops.relu(self));
  }

  /** In place: {@link sigmoid}. */
  sigmoid_(): this {
    return this.#inPlace('sigmoid_', 'sigmoid', [], (self) => ops.sigmoid(self));
  }

  /** In place: {@link tanh}. */
  tanh_(): this {
    return this.#inPlace('tanh_', 'tanh', [], (self) => ops.tanh(self));
  }

  /** In place: {@link clamp}. */
  clamp_(min?: number | null, max?: number | null): this {
    return this.#inPlace('clamp_', 'clamp', [], (self) => ops.clamp(self, min, max));
  }

  /** In place: every element set to `value`. */
  fill_(value: number | boolean): this {
    return this.#inPlace('fill_', 'full', [], () =>
      ops.full(this.shape, value, { dtype: this.dtype, backend: this.backend }),
    );
  }

  /** In place: every element set to zero. */
  zero_(): this {
    return this.#inPlace('zero_', 'zerosLike', [], (self) => ops.zerosLike(self));
  }

  /** In place: uniform random values in `[low, high)` (PyTorch's `uniform_`). */
  uniform_(low = 0, high = 1): this {
    return this.#inPlace('uniform_', 'rand', [], () =>
      ops
        .rand(this.shape, { dtype: this.dtype, backend: this.backend })
        .mul(high - low)
        .add(low),
    );
  }

  /** In place: normal random values with `mean` and `std` (PyTorch's `normal_`). */
  normal_(mean = 0, std = 1): this {
    return this.#inPlace('normal_', 'randn', [], () =>
      ops.randn(this.shape, { dtype: this.dtype, backend: this.backend }).mul(std).add(mean),
    );
  }

  /**
   * In place: the values of `source`, broadcast to this shape, cast to this dtype and moved to this
   * backend. Gradients flow to `source`.
   */
  copy_(source: Tensor): this {
    return this.#inPlace('copy_', 'expand', [source], () =>
      ops.expand(ops.cast(ops.toBackend(source, this.backend), this.dtype), this.shape),
    );
  }

  /** Moves the data to backend `name` in place, keeping this tensor object (what `module.to()` uses). */
  moveTo_(name: string): this {
    if (name === this.backend) return this;
    const moved = ops.toBackend(this.detach(), name);
    try {
      adoptStorage(this, moved);
    } finally {
      moved.dispose();
    }
    return this;
  }

  // An in-place op computes its out-of-place result into a new buffer and points this tensor's
  // storage (so every alias) at it. Under autograd it is recorded, as PyTorch does: the op ran
  // on a snapshot of the old value, and this tensor takes the result's history.
  #inPlace(name: string, outOfPlace: string, operands: readonly TensorLike[], compute: (self: Tensor) => Tensor): this {
    this._assertAlive();
    const copy = this._storage.copyOf;
    if (copy !== null) {
      throw new InPlaceError(
        `${name}: expected a tensor that owns its values, got a copy made by ${copy.op}() (PyTorch returns a view there, so the write would reach the tensor it was taken from); write into that tensor instead (x.indexPut_(indices, value) writes a part of it), or clone() the copy to change it alone.`,
      );
    }
    const recording =
      isGradEnabled() && (this.requiresGrad || operands.some((v) => v instanceof Tensor && v.requiresGrad));
    try {
      if (recording) return this.#record(name, outOfPlace, compute);
      const result = tidy(() => this.#fit(name, outOfPlace, compute(this)));
      writeData(this, result, name);
      if (result !== this) result.dispose();
      return this;
    } catch (error) {
      throw renamed(error, outOfPlace, name);
    }
  }

  #record(name: string, outOfPlace: string, compute: (self: Tensor) => Tensor): this {
    const fix = `update it inside noGrad(() => ...), or use the out-of-place ${outOfPlaceForm(outOfPlace)}`;
    if (this.isLeaf && this.requiresGrad) {
      throw new AutogradError(
        `${name}: expected a tensor other than a leaf that requires grad while gradients are recorded, got such a leaf (PyTorch: a leaf Variable that requires grad is being used in an in-place operation); ${fix}.`,
      );
    }
    const base = aliasBase(this);
    if (base?.isLeaf && base.requiresGrad) {
      throw new AutogradError(
        `${name}: expected a tensor other than a reshape of a leaf that requires grad while gradients are recorded, got such a reshape (PyTorch: a view of a leaf Variable that requires grad is being used in an in-place operation); ${fix}.`,
      );
    }
    const old = makeSnapshot(this);
    old._gradFn = this._gradFn;
    old._requiresGrad = this.requiresGrad;
    let watched: { result: Tensor; saved: ReadonlySet<Tensor> };
    try {
      watched = watchSaved(() => this.#fit(name, outOfPlace, compute(old)));
    } catch (error) {
      old.dispose();
      throw error;
    }
    const { result, saved } = watched;
    const out = result === old ? ops.clone(old) : result;
    writeData(this, out, name);
    // A result that needs no gradient (fill_, zero_) still cuts the old value's: give it zeros.
    const node = out._gradFn ?? recordGrad(`${name}Backward`, out, [old], [], (dy) => [ops.zerosLike(dy)]);
    if (node !== null) {
      // The result's place among the saved tensors goes to this tensor, at its new version.
      for (const s of node.saved) {
        if (s.tensor === out) {
          s.tensor = this;
          s.version = this._version;
        }
      }
      this._gradFn = node;
      this._requiresGrad = true;
      if (base !== null) rebaseOnWrite(base, this, node);
    }
    out.dispose();
    if (!saved.has(old)) old.dispose();
    return this;
  }

  /** `out` checked against this tensor's shape and cast to its dtype where PyTorch allows. */
  #fit(name: string, outOfPlace: string, out: Tensor): Tensor {
    if (!shapesEqual(out.shape, this.shape)) {
      throw new ShapeError(
        `${name}: expected a result of this tensor's shape ${formatShape(this.shape)}, got ${formatShape(out.shape)}; the other operand must broadcast to this tensor's shape, or use the out-of-place ${outOfPlaceForm(outOfPlace)}.`,
      );
    }
    if (out.dtype === this.dtype) return out;
    if (!canCast(out.dtype, this.dtype)) {
      throw new DTypeError(
        `${name}: expected a result that can be written into this tensor's dtype ${this.dtype}, got dtype ${out.dtype} (PyTorch: result type can't be cast to the desired output type); use the out-of-place ${outOfPlaceForm(outOfPlace)}, or cast this tensor first.`,
      );
    }
    return ops.cast(out, this.dtype);
  }
}
