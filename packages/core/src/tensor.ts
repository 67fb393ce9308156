import type { DataId } from './backend/backend.js';
import { backward } from './autograd/backward.js';
import type { GradNode } from './autograd/grad-node.js';
import { type DType, isFloat, type TypedArray } from './dtype.js';
import { backendOf, disposeTensor, swapData, tidy } from './engine/engine.js';
import { AutogradError, DisposedError, DTypeError, ShapeError, StrataError } from './errors.js';
import { formatTensor } from './format.js';
import * as ops from './ops/index.js';
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

/**
 * An n-dimensional array on a backend, with autograd. Create tensors with `tensor`, `zeros`,
 * `randn`, ...; values are read explicitly with `data()`, `dataSync()`, `toArray()`, `item()`.
 * Methods mirror PyTorch's (`x.sum(1, true)`, `x.reshape([2, 3])`, `x.t()`), in camelCase.
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
  /** A unique id, for debugging. */
  readonly id: number;
  /** @internal */
  _dataId: DataId;
  #shape: Shape;
  #dtype: DType;
  #backend: string;
  /** @internal */
  _requiresGrad = false;
  /** @internal The node that produced this tensor, `null` for leaves. */
  _gradFn: GradNode | null = null;
  /** @internal Bumped by every in-place change, so autograd can refuse stale saved tensors. */
  _version = 0;
  #disposed = false;
  #releasedWhen: string | undefined;
  /** The accumulated gradient after `backward()`, `null` before. */
  grad: Tensor | null = null;

  /** @internal Tensors are made by ops; use `tensor()` and friends. */
  constructor(id: number, dataId: DataId, shape: Shape, dtype: DType, backend: string) {
    this.id = id;
    this._dataId = dataId;
    this.#shape = Object.freeze([...shape]);
    this.#dtype = dtype;
    this.#backend = backend;
  }

  /** The name of the backend holding the data (`'cpu'`, `'gpu'`). */
  get backend(): string {
    return this.#backend;
  }

  /** The dimensions, outermost first. */
  get shape(): Shape {
    return this.#shape;
  }

  /** The element type. */
  get dtype(): DType {
    return this.#dtype;
  }

  /** The number of dimensions. */
  get rank(): number {
    return this.#shape.length;
  }

  /** The number of elements. */
  get size(): number {
    return sizeFromShape(this.#shape);
  }

  /** Whether `dispose()` was called. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Whether a leaf collects `.grad`, or a result depends on one that does. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (value && !isFloat(this.#dtype)) {
      throw new DTypeError(
        `requiresGrad: expected a floating-point tensor, got dtype ${this.#dtype}; only float tensors can require gradients, cast with .float() first.`,
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
        `Tensor ${this.id} of shape [${this.#shape.join(', ')}] was ${this.#releasedWhen ?? 'disposed; keep it with keep() or return it from tidy() to use it later'}.`,
      );
    }
  }

  /** @internal `releasedWhen` is how a memory scope explains the release in later errors. */
  _markDisposed(releasedWhen?: string): void {
    this.#disposed = true;
    this.#releasedWhen = releasedWhen;
  }

  /** @internal Rebinds the buffer for an in-place update or an in-place move to another backend. */
  _setData(dataId: DataId, shape: Shape, dtype: DType, backend: string = this.#backend): void {
    this._dataId = dataId;
    this.#backend = backend;
    this.#shape = Object.freeze([...shape]);
    this.#dtype = dtype;
    this._version++;
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
    return backendOf(this).read(this._dataId);
  }

  /** The values as a flat typed array, synchronously (backends that can read synchronously). */
  dataSync(): TypedArray {
    this._assertAlive();
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
    return toNestedArray(this.dataSync(), this.#shape, this.#dtype);
  }

  /** The value of a one-element tensor as a number (or boolean). */
  item(): number | boolean {
    if (this.size !== 1) {
      throw new StrataError(
        `item: expected a tensor with one element, got shape [${this.#shape.join(', ')}]; reduce it first (e.g. .sum()) or index it.`,
      );
    }
    const v = this.dataSync()[0]!;
    return this.#dtype === 'bool' ? v !== 0 : v;
  }

  /** Prints like PyTorch: `tensor([[19., 25.],\n        [37., 43.]])`. */
  toString(): string {
    this._assertAlive();
    return formatTensor(this.dataSync(), this.#shape, this.#dtype, this._requiresGrad, this._gradFn?.name);
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

  /** The method form of {@link @strata/core!variance}. */
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

  /** Same as `reshape` (every strata tensor is contiguous). */
  view(shape: readonly number[]): Tensor {
    return ops.reshape(this, shape);
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

  /** The method form of {@link slice}. */
  slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor {
    return ops.slice(this, dim, start, end, step);
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

  /** In place: `this -= other * alpha` (under `noGrad` for parameter updates). */
  sub_(other: TensorLike, options?: { alpha?: number }): this {
    return this.#inPlace('sub_', () => ops.sub(this, other, options));
  }

  /** In place: `this += other * alpha`. */
  add_(other: TensorLike, options?: { alpha?: number }): this {
    return this.#inPlace('add_', () => ops.add(this, other, options));
  }

  /** In place: `this *= other`. */
  mul_(other: TensorLike): this {
    return this.#inPlace('mul_', () => ops.mul(this, other));
  }

  /** In place: `this /= other`. */
  div_(other: TensorLike): this {
    return this.#inPlace('div_', () => ops.div(this, other));
  }

  /** In place: every element set to `value`. */
  fill_(value: number | boolean): this {
    return this.#inPlace('fill_', () => ops.full(this.#shape, value, { dtype: this.#dtype, backend: this.backend }));
  }

  /** In place: every element set to zero. */
  zero_(): this {
    return this.#inPlace('zero_', () => ops.zerosLike(this));
  }

  /** In place: uniform random values in `[low, high)` (PyTorch's `uniform_`). */
  uniform_(low = 0, high = 1): this {
    return this.#inPlace('uniform_', () =>
      ops
        .rand(this.#shape, { dtype: this.#dtype, backend: this.#backend })
        .mul(high - low)
        .add(low),
    );
  }

  /** In place: normal random values with `mean` and `std` (PyTorch's `normal_`). */
  normal_(mean = 0, std = 1): this {
    return this.#inPlace('normal_', () =>
      ops.randn(this.#shape, { dtype: this.#dtype, backend: this.#backend }).mul(std).add(mean),
    );
  }

  /**
   * In place: the sub-tensor at `index` (one index per leading dimension, negative counts from
   * the end) set to `value`, broadcast — PyTorch's `t[0, 0] = 42` is `t.setAt_([0, 0], 42)`.
   */
  setAt_(index: readonly number[], value: TensorLike): this {
    return this.#inPlace('setAt_', () => ops.setAt(this, index, value));
  }

  /** Moves the data to backend `name` in place, keeping this tensor object (what `module.to()` uses). */
  moveTo_(name: string): this {
    if (name === this.#backend) return this;
    const moved = ops.toBackend(this.detach(), name);
    try {
      swapData(this, moved);
    } finally {
      moved.dispose();
    }
    return this;
  }

  /** In place: the values of `source`, broadcast to this shape and cast to this dtype. */
  copy_(source: Tensor): this {
    return this.#inPlace('copy_', () => ops.expand(ops.cast(source, this.#dtype), this.#shape));
  }

  // In-place updates rebind this tensor to the result's buffer. They are never recorded:
  // autograd would need the old values, which the update destroys.
  #inPlace(name: string, compute: () => Tensor): this {
    // Scalars, casts and broadcasts made on the way are temporaries: tidy frees them.
    const result = tidy(compute);
    try {
      if (result.requiresGrad) {
        throw new AutogradError(
          `${name}: in-place updates are not recorded by autograd, got an update that needs gradients; wrap it in noGrad(() => ...) (parameter updates) or use the out-of-place op.`,
        );
      }
      if (!shapesEqual(result.shape, this.#shape)) {
        throw new ShapeError(
          `${name}: expected a result of this tensor's shape ${formatShape(this.#shape)}, got ${formatShape(result.shape)}; the other operand must broadcast to this tensor's shape.`,
        );
      }
      if (result.dtype !== this.#dtype) {
        throw new DTypeError(
          `${name}: expected a result of this tensor's dtype ${this.#dtype}, got ${result.dtype}; cast the operand first or use the out-of-place op.`,
        );
      }
      swapData(this, result);
      return this;
    } finally {
      result.dispose();
    }
  }
}
