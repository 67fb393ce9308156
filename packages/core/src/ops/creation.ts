import { getBackend, findBackend } from '../backend/registry.js';
import { type DType, isDType, isFloat, makeTypedArray, type TypedArray } from '../dtype.js';
import { makeTensor } from '../engine/engine.js';
import { checkOptions, optionKeys } from '../check-options.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { inferShape, type NestedArray } from '../nested-array.js';
import { assertValidShape, formatShape, type Shape, sizeFromShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * Options every creation op takes.
 *
 * @example
 * ```ts
 * zeros([2, 2], { dtype: 'int32', backend: 'cpu' });
 * ```
 */
export interface CreationOptions {
  /** Element type; `float32` unless the op says otherwise. */
  dtype?: DType;
  /** Make a leaf that collects `.grad` (float dtypes only). */
  requiresGrad?: boolean;
  /** Backend to create on; the current one (`setBackend`) by default. */
  backend?: string;
}

/** @internal The keys of {@link CreationOptions}. */
export const CREATION_KEYS = optionKeys<CreationOptions>({ dtype: true, requiresGrad: true, backend: true });

const TENSOR_KEYS = [...CREATION_KEYS, 'shape'];

/**
 * Throws a ShapeError when `shape` holds more elements than the target backend's tensors can,
 * before anything of that size is allocated on the host.
 */
function assertFits(op: string, shape: Shape, options: CreationOptions): void {
  const backend = options.backend === undefined ? getBackend() : findBackend(options.backend);
  const size = sizeFromShape(shape);
  if (size > backend.capabilities.maxTensorSize) {
    throw new ShapeError(
      `${op}: expected at most ${backend.capabilities.maxTensorSize} elements on backend '${backend.name}', got ${size} (shape ${formatShape(shape)}).`,
    );
  }
}

/** @internal Writes host values as a new tensor, checking that the backend can hold the dtype. */
export function fromValues(
  op: string,
  values: TypedArray,
  shape: Shape,
  dtype: DType,
  options: CreationOptions = {},
): Tensor {
  const backend = options.backend === undefined ? getBackend() : findBackend(options.backend);
  if (!backend.capabilities.dtypes.includes(dtype)) {
    throw new DTypeError(
      `${op}: expected a dtype backend '${backend.name}' holds (${backend.capabilities.dtypes.join(', ')}), got ${dtype}; use float32 or another backend.`,
    );
  }
  assertFits(op, shape, options);
  const t = makeTensor({ dataId: backend.write(values, shape, dtype), shape, dtype }, backend);
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * Throws unless every value converts to an int32 without overflow, as PyTorch refuses 3e9, NaN
 * or Infinity for an int32 tensor (fractions truncate toward zero, as in PyTorch).
 */
function assertInt32Values(op: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v > -2147483649 && v < 2147483648)) {
      throw new DTypeError(
        `${op}: expected values that fit int32 (-2147483648 to 2147483647), got ${v} at index ${i}; use dtype float32 or float64 for such values.`,
      );
    }
  }
}

function checkDType(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(`${op}: expected dtype 'float32', 'float64', 'int32' or 'bool', got ${String(dtype)}.`);
  }
  return dtype;
}

function fillValues(dtype: DType, size: number, value: number | boolean): TypedArray {
  const values = makeTypedArray(dtype, size);
  const v = typeof value === 'boolean' ? Number(value) : value;
  values.fill(dtype === 'bool' ? Number(v !== 0) : v);
  return values;
}

function inferDType(values: NestedArray): DType {
  let level: NestedArray = values;
  while (Array.isArray(level) && level.length > 0) level = level[0]!;
  return typeof level === 'boolean' ? 'bool' : 'float32';
}

function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  return 'float32';
}

/**
 * A tensor from nested arrays or a typed array. Numbers become `float32` (JS has no separate
 * integer type; pass `{ dtype: 'int32' }` for integers), booleans `bool`; an `Int32Array` gives
 * `int32`, a `Uint8Array` `bool`. A typed array is 1-D unless `shape` is given.
 *
 * @example
 * ```ts
 * const X = tensor([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
 * const labels = tensor([3, 1], { dtype: 'int32' });
 * ```
 */
export function tensor(values: NestedArray | TypedArray, options: CreationOptions & { shape?: Shape } = {}): Tensor {
  checkOptions('tensor', options, TENSOR_KEYS);
  if (ArrayBuffer.isView(values)) {
    const dtype = checkDType('tensor', options.dtype ?? dtypeOfArray(values));
    const shape = options.shape ?? [values.length];
    assertValidShape('tensor', shape);
    if (sizeFromShape(shape) !== values.length) {
      throw new ShapeError(
        `tensor: expected ${sizeFromShape(shape)} values for shape ${formatShape(shape)}, got ${values.length}.`,
      );
    }
    if (dtype === 'int32' && !(values instanceof Int32Array)) assertInt32Values('tensor', values as ArrayLike<number>);
    const copy = makeTypedArray(dtype, values.length);
    copy.set(values);
    return fromValues('tensor', copy, shape, dtype, options);
  }
  const shape = inferShape('tensor', values);
  if (options.shape !== undefined) {
    throw new ArgumentError(
      'tensor: expected `shape` only with a typed array, got nested arrays (their nesting is the shape); call .reshape() instead.',
    );
  }
  const dtype = checkDType('tensor', options.dtype ?? inferDType(values));
  const flat: (number | boolean)[] = [];
  const collect = (v: NestedArray): void => {
    if (Array.isArray(v)) for (const item of v) collect(item);
    else flat.push(v);
  };
  collect(values);
  if (dtype === 'int32') assertInt32Values('tensor', flat.map(Number));
  const out = makeTypedArray(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    const n = typeof v === 'boolean' ? Number(v) : v;
    out[i] = dtype === 'bool' ? Number(n !== 0) : n;
  }
  return fromValues('tensor', out, shape, dtype, options);
}

/**
 * A tensor filled with `value`.
 *
 * @example
 * ```ts
 * full([2, 3], 7);
 * ```
 */
export function full(shape: readonly number[], value: number | boolean, options: CreationOptions = {}): Tensor {
  checkOptions('full', options, CREATION_KEYS);
  assertValidShape('full', shape);
  const dtype = checkDType('full', options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32'));
  assertFits('full', shape, options);
  if (dtype === 'int32') assertInt32Values('full', [Number(value)]);
  return fromValues('full', fillValues(dtype, sizeFromShape(shape), value), shape, dtype, options);
}

/**
 * A tensor of zeros.
 *
 * @example
 * ```ts
 * zeros([2, 3]);
 * ```
 */
export function zeros(shape: readonly number[], options: CreationOptions = {}): Tensor {
  checkOptions('zeros', options, CREATION_KEYS);
  return full(shape, 0, options);
}

/**
 * A tensor of ones.
 *
 * @example
 * ```ts
 * const X = ones([6, 8]);
 * ```
 */
export function ones(shape: readonly number[], options: CreationOptions = {}): Tensor {
  checkOptions('ones', options, CREATION_KEYS);
  return full(shape, 1, options);
}

function likeOptions(x: Tensor, options: CreationOptions): CreationOptions {
  return { dtype: x.dtype, backend: x.backend, ...options };
}

/**
 * `full` with `x`'s shape, dtype and backend.
 *
 * @example
 * ```ts
 * fullLike(x, 0.5);
 * ```
 */
export function fullLike(x: Tensor, value: number | boolean, options: CreationOptions = {}): Tensor {
  checkOptions('fullLike', options, CREATION_KEYS);
  return full(x.shape, value, likeOptions(x, options));
}

/**
 * Zeros with `x`'s shape, dtype and backend.
 *
 * @example
 * ```ts
 * zerosLike(x);
 * ```
 */
export function zerosLike(x: Tensor, options: CreationOptions = {}): Tensor {
  checkOptions('zerosLike', options, CREATION_KEYS);
  return full(x.shape, 0, likeOptions(x, options));
}

/**
 * Ones with `x`'s shape, dtype and backend.
 *
 * @example
 * ```ts
 * onesLike(x);
 * ```
 */
export function onesLike(x: Tensor, options: CreationOptions = {}): Tensor {
  checkOptions('onesLike', options, CREATION_KEYS);
  return full(x.shape, 1, likeOptions(x, options));
}

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(n)` counts from 0.
 * The dtype is `int32` when every argument is an integer, `float32` otherwise (PyTorch's rule).
 * The options come last, after as many numbers as PyTorch takes: `arange(end, options)`,
 * `arange(start, end, options)`, `arange(start, end, step, options)`.
 *
 * @example
 * ```ts
 * arange(5); // tensor([0, 1, 2, 3, 4])
 * arange(0, 1, 0.25); // tensor([0.0000, 0.2500, 0.5000, 0.7500])
 * arange(16, { dtype: 'float32' }).reshape([1, 1, 4, 4]); // torch.arange(16, dtype=torch.float32)
 * ```
 */
export function arange(end: number, options?: CreationOptions): Tensor;
export function arange(start: number, end: number, options?: CreationOptions): Tensor;
export function arange(start: number, end?: number, step?: number, options?: CreationOptions): Tensor;
export function arange(...args: (number | CreationOptions | undefined)[]): Tensor {
  const last = args[args.length - 1];
  // Options come after at most three numbers; an object (or null) last is meant as options too.
  const hasOptions = args.length > 3 || typeof last === 'object';
  checkOptions('arange', hasOptions ? last : undefined, CREATION_KEYS);
  const options = (hasOptions ? (last ?? {}) : {}) as CreationOptions;
  const numbers = hasOptions ? args.slice(0, -1) : args;
  if (numbers.length > 3 || numbers.some((v) => v !== undefined && typeof v !== 'number')) {
    throw new ArgumentError(
      `arange: expected numbers then an optional options object, got (${args.map((v) => (typeof v === 'object' ? 'options' : String(v))).join(', ')}); the options go last.`,
    );
  }
  const [start, end, step = 1] = numbers as (number | undefined)[];
  if (start === undefined) throw new ArgumentError('arange: expected at least an end, got no numbers.');
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step)) {
    throw new ArgumentError(`arange: expected a finite nonzero step, got ${step}.`);
  }
  if ((hi - lo) / step < 0) {
    throw new ArgumentError(`arange: expected a step toward end (start ${lo}, end ${hi}), got step ${step}.`);
  }
  const length = Math.max(0, Math.ceil((hi - lo) / step));
  const integral = [lo, hi, step].every(Number.isInteger);
  const dtype = checkDType('arange', options.dtype ?? (integral ? 'int32' : 'float32'));
  const values = makeTypedArray(dtype, length);
  for (let i = 0; i < length; i++) values[i] = lo + i * step;
  return fromValues('arange', values, [length], dtype, options);
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included.
 *
 * @example
 * ```ts
 * linspace(0, 1, 5); // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 * ```
 */
export function linspace(start: number, end: number, steps: number, options: CreationOptions = {}): Tensor {
  checkOptions('linspace', options, CREATION_KEYS);
  if (!Number.isInteger(steps) || steps < 0) {
    throw new ArgumentError(`linspace: expected a non-negative integer number of steps, got ${steps}.`);
  }
  const dtype = checkDType('linspace', options.dtype ?? 'float32');
  const values = makeTypedArray(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill the second half from the end, as PyTorch does, so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) values[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  return fromValues('linspace', values, [steps], dtype, options);
}

/**
 * The `n x m` identity matrix (`m` defaults to `n`).
 *
 * @example
 * ```ts
 * eye(3);
 * ```
 */
export function eye(n: number, m = n, options: CreationOptions = {}): Tensor {
  checkOptions('eye', options, CREATION_KEYS);
  assertValidShape('eye', [n, m]);
  const dtype = checkDType('eye', options.dtype ?? 'float32');
  const values = makeTypedArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return fromValues('eye', values, [n, m], dtype, options);
}

/** @internal Throws unless `x` is a floating-point tensor. */
export function assertFloat(op: string, x: Tensor, name = 'input'): void {
  if (!isFloat(x.dtype)) {
    throw new DTypeError(`${op}: expected a floating-point ${name}, got dtype ${x.dtype}; cast it with .float().`);
  }
}
