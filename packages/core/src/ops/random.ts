import { run } from '../autograd/run-kernel.js';
import { findBackend, getBackend } from '../backend/registry.js';
import { type DType, isFloat } from '../dtype.js';
import { checkOptions } from '../check-options.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { nextSeed } from '../random/generator.js';
import { assertValidShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { CREATION_KEYS, type CreationOptions } from './creation.js';

function draw(
  op: string,
  shape: readonly number[],
  distribution: 'uniform' | 'normal' | 'integer',
  low: number,
  high: number,
  dtype: DType,
  options: CreationOptions,
): Tensor {
  assertValidShape(op, shape);
  const backend = options.backend === undefined ? getBackend() : findBackend(options.backend);
  if (!backend.capabilities.dtypes.includes(dtype)) {
    throw new DTypeError(
      `${op}: expected a dtype backend '${backend.name}' holds (${backend.capabilities.dtypes.join(', ')}), got ${dtype}.`,
    );
  }
  const out = run('Random', {}, { shape, dtype, distribution, seed: nextSeed(), low, high }, backend.name);
  if (options.requiresGrad) out.requiresGrad = true;
  return out;
}

function floatDType(op: string, options: CreationOptions): DType {
  const dtype = options.dtype ?? 'float32';
  if (!isFloat(dtype))
    throw new DTypeError(`${op}: expected a floating-point dtype, got ${dtype}; use randint for integers.`);
  return dtype;
}

/**
 * Uniform random values in `[0, 1)`; reproducible after `manualSeed`.
 *
 * @example
 * ```ts
 * rand([2, 3]);
 * ```
 */
export function rand(shape: readonly number[], options: CreationOptions = {}): Tensor {
  checkOptions('rand', options, CREATION_KEYS);
  return draw('rand', shape, 'uniform', 0, 1, floatDType('rand', options), options);
}

/**
 * Standard normal random values; reproducible after `manualSeed`.
 *
 * @example
 * ```ts
 * randn([2, 3]);
 * ```
 */
export function randn(shape: readonly number[], options: CreationOptions = {}): Tensor {
  checkOptions('randn', options, CREATION_KEYS);
  return draw('randn', shape, 'normal', 0, 1, floatDType('randn', options), options);
}

/**
 * Random integers in `[low, high)` (int32 unless `dtype` says otherwise), as `torch.randint`.
 *
 * @example
 * ```ts
 * randint(0, 10, [5]);
 * ```
 */
export function randint(low: number, high: number, shape: readonly number[], options: CreationOptions = {}): Tensor {
  checkOptions('randint', options, CREATION_KEYS);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ArgumentError(`randint: expected integers low < high, got low ${low} and high ${high}.`);
  }
  return draw('randint', shape, 'integer', low, high, options.dtype ?? 'int32', options);
}

/**
 * `rand` with `x`'s shape, dtype and backend.
 *
 * @example
 * ```ts
 * randLike(x);
 * ```
 */
export function randLike(x: Tensor, options: CreationOptions = {}): Tensor {
  checkOptions('randLike', options, CREATION_KEYS);
  return rand(x.shape, { dtype: x.dtype, backend: x.backend, ...options });
}

/**
 * `randn` with `x`'s shape, dtype and backend.
 *
 * @example
 * ```ts
 * randnLike(x);
 * ```
 */
export function randnLike(x: Tensor, options: CreationOptions = {}): Tensor {
  checkOptions('randnLike', options, CREATION_KEYS);
  return randn(x.shape, { dtype: x.dtype, backend: x.backend, ...options });
}

/**
 * `randint` with `x`'s shape and backend.
 *
 * @example
 * ```ts
 * randintLike(labels, 0, 10);
 * ```
 */
export function randintLike(x: Tensor, low: number, high: number, options: CreationOptions = {}): Tensor {
  checkOptions('randintLike', options, CREATION_KEYS);
  return randint(low, high, x.shape, { dtype: x.dtype, backend: x.backend, ...options });
}
