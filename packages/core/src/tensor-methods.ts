import { reshapeAs } from './ops/reshape.js';
import * as ops from './ops/index.js';
import { sliceAlong } from './ops/slice.js';
import { markCopyOf } from './ops/view-copy.js';
import type { DType } from './dtype.js';
import { adoptStorage } from './engine/engine.js';
import { ShapeError } from './errors.js';
import { Tensor, type TensorLike } from './tensor.js';
import { inPlace } from './tensor-in-place.js';

// The op methods of Tensor, attached to its prototype here (TensorFlow.js's chained ops) so that
// tensor.ts imports no op: the ops import Tensor, and this module imports both.
declare module './tensor.js' {
  interface Tensor {
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
    [Symbol.iterator](): Iterator<Tensor>;

    /** A tensor sharing this one's data, cut from the graph. */
    detach(): Tensor;

    /** A copy with its own data (gradients flow through the copy). */
    clone(): Tensor;

    /** The same values on backend `name` (a copy; a no-op when already there). */
    to(name: string): Tensor;

    /** The values converted to `dtype`. */
    cast(dtype: DType): Tensor;

    /** `cast('float32')`. */
    float(): Tensor;

    /** `cast('float64')`. */
    double(): Tensor;

    /** `cast('int32')`. */
    int(): Tensor;

    /** `cast('bool')`. */
    bool(): Tensor;

    /** The method form of {@link onesLike}. */
    onesLike(): Tensor;

    /** The method form of {@link zerosLike}. */
    zerosLike(): Tensor;

    /** The method form of {@link add}. */
    add(other: TensorLike, options?: { alpha?: number }): Tensor;

    /** The method form of {@link sub}. */
    sub(other: TensorLike, options?: { alpha?: number }): Tensor;

    /** The method form of {@link mul}. */
    mul(other: TensorLike): Tensor;

    /** The method form of {@link div}. */
    div(other: TensorLike): Tensor;

    /** The method form of {@link pow}. */
    pow(exponent: TensorLike): Tensor;

    /** The method form of {@link maximum}. */
    maximum(other: TensorLike): Tensor;

    /** The method form of {@link minimum}. */
    minimum(other: TensorLike): Tensor;

    /** The method form of {@link eq}. */
    eq(other: TensorLike): Tensor;

    /** The method form of {@link ne}. */
    ne(other: TensorLike): Tensor;

    /** The method form of {@link lt}. */
    lt(other: TensorLike): Tensor;

    /** The method form of {@link le}. */
    le(other: TensorLike): Tensor;

    /** The method form of {@link gt}. */
    gt(other: TensorLike): Tensor;

    /** The method form of {@link ge}. */
    ge(other: TensorLike): Tensor;

    /** The method form of {@link logicalAnd}. */
    logicalAnd(other: TensorLike): Tensor;

    /** The method form of {@link logicalOr}. */
    logicalOr(other: TensorLike): Tensor;

    /** The method form of {@link logicalNot}. */
    logicalNot(): Tensor;

    /** The method form of {@link neg}. */
    neg(): Tensor;

    /** The method form of {@link abs}. */
    abs(): Tensor;

    /** The method form of {@link exp}. */
    exp(): Tensor;

    /** The method form of {@link log}. */
    log(): Tensor;

    /** The method form of {@link sqrt}. */
    sqrt(): Tensor;

    /** The method form of {@link rsqrt}. */
    rsqrt(): Tensor;

    /** The method form of {@link square}. */
    square(): Tensor;

    /** The method form of {@link relu}. */
    relu(): Tensor;

    /** The method form of {@link sigmoid}. */
    sigmoid(): Tensor;

    /** The method form of {@link tanh}. */
    tanh(): Tensor;

    /** The method form of {@link sign}. */
    sign(): Tensor;

    /** The method form of {@link floor}. */
    floor(): Tensor;

    /** The method form of {@link ceil}. */
    ceil(): Tensor;

    /** The method form of {@link round}. */
    round(): Tensor;

    /** The method form of {@link clamp}. */
    clamp(min?: number | null, max?: number | null): Tensor;

    /** PyTorch's `x.where(condition, y)`: x where condition holds, y elsewhere. */
    where(condition: Tensor, other: TensorLike): Tensor;

    /** The method form of {@link sum}. */
    sum(dim?: number | readonly number[], keepdim?: boolean): Tensor;

    /** The method form of {@link mean}. */
    mean(dim?: number | readonly number[], keepdim?: boolean): Tensor;

    /** The largest element. */
    max(): Tensor;
    /** The largest values along `dim` and their indices (`{ values, indices }`). */
    max(dim: number, keepdim?: boolean): ops.ValuesIndices;

    /** The smallest element. */
    min(): Tensor;
    /** The smallest values along `dim` and their indices (`{ values, indices }`). */
    min(dim: number, keepdim?: boolean): ops.ValuesIndices;

    /** The method form of {@link amax}. */
    amax(dim?: number | readonly number[], keepdim?: boolean): Tensor;

    /** The method form of {@link amin}. */
    amin(dim?: number | readonly number[], keepdim?: boolean): Tensor;

    /** The method form of {@link argmax}. */
    argmax(dim?: number, keepdim?: boolean): Tensor;

    /** The method form of {@link argmin}. */
    argmin(dim?: number, keepdim?: boolean): Tensor;

    /** The method form of {@link all}. */
    all(dim?: number | readonly number[], keepdim?: boolean): Tensor;

    /** The method form of {@link any}. */
    any(dim?: number | readonly number[], keepdim?: boolean): Tensor;

    /** The method form of {@link logsumexp}. */
    logsumexp(dim: number | readonly number[], keepdim?: boolean): Tensor;

    /** The method form of `variance()`. */
    var(dim?: number | readonly number[], options?: ops.VarianceOptions): Tensor;

    /** The method form of {@link std}. */
    std(dim?: number | readonly number[], options?: ops.VarianceOptions): Tensor;

    /** The method form of {@link matmul}. */
    matmul(other: Tensor): Tensor;

    /** The method form of {@link reshape}. */
    reshape(shape: readonly number[]): Tensor;

    /** Same as `reshape` (every strata tensor is contiguous): shares this tensor's storage, so in-place writes through either are seen by both. */
    view(shape: readonly number[]): Tensor;

    /** The method form of {@link flatten}. */
    flatten(startDim?: number, endDim?: number): Tensor;

    /** The method form of {@link transpose}. */
    transpose(dim0: number, dim1: number): Tensor;

    /** The method form of {@link permute}. */
    permute(dims: readonly number[]): Tensor;

    /** The method form of {@link t}. */
    t(): Tensor;

    /** The method form of {@link movedim}. */
    movedim(source: number, destination: number): Tensor;

    /** The method form of {@link unsqueeze}. */
    unsqueeze(dim: number): Tensor;

    /** The method form of {@link squeeze}. */
    squeeze(dim?: number | readonly number[]): Tensor;

    /** The method form of {@link expand}. */
    expand(shape: readonly number[]): Tensor;

    /** The method form of {@link expand}. */
    expandAs(other: Tensor): Tensor;

    /** The method form of {@link narrow}. */
    narrow(dim: number, start: number, length: number): Tensor;

    /**
     * Elements `start, start + step, ...` below `end` along `dim`, with Python's slice rules:
     * `x.slice(1, 2, null, 2)` is `x.index(':, 2::2')`, PyTorch's `x[:, 2::2]`. A copy where
     * PyTorch returns a view (see {@link index}).
     */
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;

    /** The method form of {@link indexSelect}. */
    indexSelect(dim: number, index: Tensor): Tensor;

    /** The method form of {@link softmax}. */
    softmax(dim: number): Tensor;

    /** The method form of {@link logSoftmax}. */
    logSoftmax(dim: number): Tensor;

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
    index(...indices: ops.IndexItem[]): Tensor;

    /** The out-of-place form of {@link indexPut_} (PyTorch's `index_put`). */
    indexPut(
      indices: ops.IndexItem | readonly ops.IndexItem[],
      value: TensorLike,
      options?: ops.IndexPutOptions,
    ): Tensor;

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
    indexPut_(
      indices: ops.IndexItem | readonly ops.IndexItem[],
      value: TensorLike,
      options?: ops.IndexPutOptions,
    ): this;

    /** In place: `this -= other * alpha` (PyTorch's `sub_`, `x -= y`). */
    sub_(other: TensorLike, options?: { alpha?: number }): this;

    /** In place: `this += other * alpha` (PyTorch's `add_`, `x += y`). */
    add_(other: TensorLike, options?: { alpha?: number }): this;

    /** In place: `this *= other`. */
    mul_(other: TensorLike): this;

    /** In place: `this /= other` (a float tensor: true division does not fit integers). */
    div_(other: TensorLike): this;

    /** In place: `this **= exponent`. */
    pow_(exponent: TensorLike): this;

    /** In place: {@link neg}. */
    neg_(): this;

    /** In place: {@link abs}. */
    abs_(): this;

    /** In place: {@link exp}. */
    exp_(): this;

    /** In place: {@link log}. */
    log_(): this;

    /** In place: {@link sqrt}. */
    sqrt_(): this;

    /** In place: {@link relu} (PyTorch's `relu_`, `nn.ReLU(inplace=True)`). */
    relu_(): this;

    /** In place: {@link sigmoid}. */
    sigmoid_(): this;

    /** In place: {@link tanh}. */
    tanh_(): this;

    /** In place: {@link clamp}. */
    clamp_(min?: number | null, max?: number | null): this;

    /** In place: every element set to `value`. */
    fill_(value: number | boolean): this;

    /** In place: every element set to zero. */
    zero_(): this;

    /** In place: uniform random values in `[low, high)` (PyTorch's `uniform_`). */
    uniform_(low?: number, high?: number): this;

    /** In place: normal random values with `mean` and `std` (PyTorch's `normal_`). */
    normal_(mean?: number, std?: number): this;

    /**
     * In place: the values of `source`, broadcast to this shape, cast to this dtype and moved to this
     * backend. Gradients flow to `source`.
     */
    copy_(source: Tensor): this;

    /** Moves the data to backend `name` in place, keeping this tensor object (what `module.to()` uses). */
    moveTo_(name: string): this;
  }
}

/** The method form of `op`: `x.op(...args)` is `op(x, ...args)`. */
function methodForm<A extends unknown[], R>(op: (x: Tensor, ...args: A) => R): (this: Tensor, ...args: A) => R {
  return function (this: Tensor, ...args: A): R {
    return op(this, ...args);
  };
}

/** The in-place form `x.op_(...args)` of `op`: its result written into `x`. */
function inPlaceForm<A extends unknown[]>(
  name: string,
  op: (x: Tensor, ...args: A) => Tensor,
): (this: Tensor, ...args: A) => Tensor {
  return function (this: Tensor, ...args: A): Tensor {
    const operands = args.filter((a): a is Tensor => a instanceof Tensor);
    return inPlace(this, `${name}_`, name, operands, (self) => op(self, ...args));
  };
}

Tensor.prototype[Symbol.iterator] = function* (this: Tensor) {
  if (this.rank === 0) {
    throw new ShapeError(
      'iteration: expected a tensor of rank at least 1, got a 0-d tensor (PyTorch: iteration over a 0-d tensor); read it with item(). Test frameworks iterate what they deep-compare: compare tensors with toArray(), or by identity (expect(a === b)).',
    );
  }
  for (let i = 0; i < this.shape[0]!; i++) yield ops.index(this, i);
};

Tensor.prototype.detach = methodForm(ops.detach);
Tensor.prototype.clone = methodForm(ops.clone);
Tensor.prototype.to = methodForm(ops.toBackend);
Tensor.prototype.cast = methodForm(ops.cast);

Tensor.prototype.float = function (this: Tensor) {
  return ops.cast(this, 'float32');
};

Tensor.prototype.double = function (this: Tensor) {
  return ops.cast(this, 'float64');
};

Tensor.prototype.int = function (this: Tensor) {
  return ops.cast(this, 'int32');
};

Tensor.prototype.bool = function (this: Tensor) {
  return ops.cast(this, 'bool');
};

Tensor.prototype.onesLike = methodForm(ops.onesLike);
Tensor.prototype.zerosLike = methodForm(ops.zerosLike);
Tensor.prototype.add = methodForm(ops.add);
Tensor.prototype.sub = methodForm(ops.sub);
Tensor.prototype.mul = methodForm(ops.mul);
Tensor.prototype.div = methodForm(ops.div);
Tensor.prototype.pow = methodForm(ops.pow);
Tensor.prototype.maximum = methodForm(ops.maximum);
Tensor.prototype.minimum = methodForm(ops.minimum);
Tensor.prototype.eq = methodForm(ops.eq);
Tensor.prototype.ne = methodForm(ops.ne);
Tensor.prototype.lt = methodForm(ops.lt);
Tensor.prototype.le = methodForm(ops.le);
Tensor.prototype.gt = methodForm(ops.gt);
Tensor.prototype.ge = methodForm(ops.ge);
Tensor.prototype.logicalAnd = methodForm(ops.logicalAnd);
Tensor.prototype.logicalOr = methodForm(ops.logicalOr);
Tensor.prototype.logicalNot = methodForm(ops.logicalNot);
Tensor.prototype.neg = methodForm(ops.neg);
Tensor.prototype.abs = methodForm(ops.abs);
Tensor.prototype.exp = methodForm(ops.exp);
Tensor.prototype.log = methodForm(ops.log);
Tensor.prototype.sqrt = methodForm(ops.sqrt);
Tensor.prototype.rsqrt = methodForm(ops.rsqrt);
Tensor.prototype.square = methodForm(ops.square);
Tensor.prototype.relu = methodForm(ops.relu);
Tensor.prototype.sigmoid = methodForm(ops.sigmoid);
Tensor.prototype.tanh = methodForm(ops.tanh);
Tensor.prototype.sign = methodForm(ops.sign);
Tensor.prototype.floor = methodForm(ops.floor);
Tensor.prototype.ceil = methodForm(ops.ceil);
Tensor.prototype.round = methodForm(ops.round);
Tensor.prototype.clamp = methodForm(ops.clamp);

Tensor.prototype.where = function (this: Tensor, condition: Tensor, other: TensorLike) {
  return ops.where(condition, this, other);
};

Tensor.prototype.sum = methodForm(ops.sum);
Tensor.prototype.mean = methodForm(ops.mean);

Tensor.prototype.max = function (this: Tensor, dim?: number, keepdim?: boolean) {
  return dim === undefined ? ops.max(this) : ops.max(this, dim, keepdim);
} as Tensor['max'];

Tensor.prototype.min = function (this: Tensor, dim?: number, keepdim?: boolean) {
  return dim === undefined ? ops.min(this) : ops.min(this, dim, keepdim);
} as Tensor['min'];

Tensor.prototype.amax = methodForm(ops.amax);
Tensor.prototype.amin = methodForm(ops.amin);
Tensor.prototype.argmax = methodForm(ops.argmax);
Tensor.prototype.argmin = methodForm(ops.argmin);
Tensor.prototype.all = methodForm(ops.all);
Tensor.prototype.any = methodForm(ops.any);
Tensor.prototype.logsumexp = methodForm(ops.logsumexp);
Tensor.prototype.var = methodForm(ops.variance);
Tensor.prototype.std = methodForm(ops.std);
Tensor.prototype.matmul = methodForm(ops.matmul);
Tensor.prototype.reshape = methodForm(ops.reshape);

Tensor.prototype.view = function (this: Tensor, shape: readonly number[]) {
  return reshapeAs('view', this, shape);
};

Tensor.prototype.flatten = methodForm(ops.flatten);
Tensor.prototype.transpose = methodForm(ops.transpose);
Tensor.prototype.permute = methodForm(ops.permute);
Tensor.prototype.t = methodForm(ops.t);
Tensor.prototype.movedim = methodForm(ops.movedim);
Tensor.prototype.unsqueeze = methodForm(ops.unsqueeze);
Tensor.prototype.squeeze = methodForm(ops.squeeze);
Tensor.prototype.expand = methodForm(ops.expand);

Tensor.prototype.expandAs = function (this: Tensor, other: Tensor) {
  return ops.expand(this, other.shape);
};

Tensor.prototype.narrow = methodForm(ops.narrow);

Tensor.prototype.slice = function (
  this: Tensor,
  dim: number,
  start?: number | null,
  end?: number | null,
  step?: number,
) {
  return markCopyOf(sliceAlong('slice', this, dim, start, end, step), this, 'slice');
};

Tensor.prototype.indexSelect = methodForm(ops.indexSelect);
Tensor.prototype.softmax = methodForm(ops.softmax);
Tensor.prototype.logSoftmax = methodForm(ops.logSoftmax);
Tensor.prototype.index = methodForm(ops.index);

Tensor.prototype.indexPut = function (
  this: Tensor,
  indices: ops.IndexItem | readonly ops.IndexItem[],
  value: TensorLike,
  options?: ops.IndexPutOptions,
) {
  return ops.indexPut(this, indices, value, options);
};

Tensor.prototype.indexPut_ = function (
  this: Tensor,
  indices: ops.IndexItem | readonly ops.IndexItem[],
  value: TensorLike,
  options?: ops.IndexPutOptions,
) {
  return inPlace(this, 'indexPut_', 'indexPut', [value], (self) => ops.indexPut(self, indices, value, options));
};

Tensor.prototype.sub_ = inPlaceForm('sub', ops.sub);
Tensor.prototype.add_ = inPlaceForm('add', ops.add);
Tensor.prototype.mul_ = inPlaceForm('mul', ops.mul);
Tensor.prototype.div_ = inPlaceForm('div', ops.div);
Tensor.prototype.pow_ = inPlaceForm('pow', ops.pow);
Tensor.prototype.neg_ = inPlaceForm('neg', ops.neg);
Tensor.prototype.abs_ = inPlaceForm('abs', ops.abs);
Tensor.prototype.exp_ = inPlaceForm('exp', ops.exp);
Tensor.prototype.log_ = inPlaceForm('log', ops.log);
Tensor.prototype.sqrt_ = inPlaceForm('sqrt', ops.sqrt);
Tensor.prototype.relu_ = inPlaceForm('relu', ops.relu);
Tensor.prototype.sigmoid_ = inPlaceForm('sigmoid', ops.sigmoid);
Tensor.prototype.tanh_ = inPlaceForm('tanh', ops.tanh);
Tensor.prototype.clamp_ = inPlaceForm('clamp', ops.clamp);

Tensor.prototype.fill_ = function (this: Tensor, value: number | boolean) {
  return inPlace(this, 'fill_', 'full', [], () =>
    ops.full(this.shape, value, { dtype: this.dtype, backend: this.backend }),
  );
};

Tensor.prototype.zero_ = function (this: Tensor) {
  return inPlace(this, 'zero_', 'zerosLike', [], (self) => ops.zerosLike(self));
};

Tensor.prototype.uniform_ = function (this: Tensor, low = 0, high = 1) {
  return inPlace(this, 'uniform_', 'rand', [], () =>
    ops
      .rand(this.shape, { dtype: this.dtype, backend: this.backend })
      .mul(high - low)
      .add(low),
  );
};

Tensor.prototype.normal_ = function (this: Tensor, mean = 0, std = 1) {
  return inPlace(this, 'normal_', 'randn', [], () =>
    ops.randn(this.shape, { dtype: this.dtype, backend: this.backend }).mul(std).add(mean),
  );
};

Tensor.prototype.copy_ = function (this: Tensor, source: Tensor) {
  return inPlace(this, 'copy_', 'expand', [source], () =>
    ops.expand(ops.cast(ops.toBackend(source, this.backend), this.dtype), this.shape),
  );
};

Tensor.prototype.moveTo_ = function (this: Tensor, name: string) {
  if (name === this.backend) return this;
  const moved = ops.toBackend(this.detach(), name);
  try {
    adoptStorage(this, moved);
  } finally {
    moved.dispose();
  }
  return this;
};
