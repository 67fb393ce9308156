import { runKernel, run } from '../autograd/run-kernel.js';
import type { AvgPool2dAttrs } from '../backend/kernel-map.js';
import { hasFusedKernel } from '../backend/registry.js';
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type Pool2dCommonOptions, poolAttrs } from './pool2d-args.js';
import { avgPool2dComposite, maxPool2dComposite } from './pool2d-composite.js';
import type { ValuesIndices } from './reduce.js';
import { reshape } from './reshape.js';
import { checkOptions, optionKeys } from '../check-options.js';

/**
 * Options of {@link maxPool2d} (PyTorch's keyword arguments).
 *
 * @example
 * ```ts
 * const o: MaxPool2dOptions = { stride: 2, padding: 1 };
 * ```
 */
export interface MaxPool2dOptions extends Pool2dCommonOptions {
  dilation?: number | readonly [number, number];
  /** Also return, per output, the flat `h * W + w` index of the maximum. */
  returnIndices?: boolean;
}

/**
 * Options of {@link avgPool2d} (PyTorch's keyword arguments).
 *
 * @example
 * ```ts
 * const o: AvgPool2dOptions = { padding: 1, countIncludePad: false };
 * ```
 */
export interface AvgPool2dOptions extends Pool2dCommonOptions {
  /** Count padded cells in the divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window by this instead. */
  divisorOverride?: number | null;
}

/** Unbatched `[C, H, W]` inputs run as a batch of one, as PyTorch allows. */
function batched<T>(x: Tensor, fn: (x4: Tensor) => T, unbatch: (out: T) => T): T {
  return x.rank === 3 ? unbatch(fn(reshape(x, [1, ...x.shape]))) : fn(x);
}

const dropBatch = (t: Tensor): Tensor => reshape(t, t.shape.slice(1));

/**
 * 2-D max pooling of `[N, C, H, W]` (or `[C, H, W]`); `stride` defaults to the kernel size.
 * With `returnIndices` it returns `{ values, indices }`.
 *
 * @example
 * ```ts
 * maxPool2d(X, 3);
 * maxPool2d(X, 3, { padding: 1, stride: 2 });
 * ```
 */
export function maxPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options?: MaxPool2dOptions & { returnIndices?: false },
): Tensor;
export function maxPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: MaxPool2dOptions & { returnIndices: true },
): ValuesIndices;
export function maxPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: MaxPool2dOptions = {},
): Tensor | ValuesIndices {
  checkOptions(
    'maxPool2d',
    options,
    optionKeys<MaxPool2dOptions>({ stride: true, padding: true, ceilMode: true, dilation: true, returnIndices: true }),
  );
  const result = batched<ValuesIndices>(
    x,
    (x4) => {
      const { attrs, dilations, info } = poolAttrs('maxPool2d', x4, kernelSize, options);
      if (hasFusedKernel(x4.backend, 'MaxPool2d')) {
        const [values, indices] = runKernel('MaxPool2d', { x: x4 }, { ...attrs, dilations }) as [Tensor, Tensor];
        return { values, indices };
      }
      return maxPool2dComposite(x4, info);
    },
    ({ values, indices }) => ({ values: dropBatch(values), indices: dropBatch(indices) }),
  );
  return options.returnIndices ? result : result.values;
}

/**
 * 2-D average pooling of `[N, C, H, W]` (or `[C, H, W]`); `stride` defaults to the kernel size.
 * Divisors follow PyTorch (`countIncludePad`, `ceilMode`, `divisorOverride`).
 *
 * @example
 * ```ts
 * avgPool2d(X, 2);
 * ```
 */
export function avgPool2d(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: AvgPool2dOptions = {},
): Tensor {
  checkOptions(
    'avgPool2d',
    options,
    optionKeys<AvgPool2dOptions>({
      stride: true,
      padding: true,
      ceilMode: true,
      countIncludePad: true,
      divisorOverride: true,
    }),
  );
  return batched(
    x,
    (x4) => {
      const { attrs: base, info } = poolAttrs('avgPool2d', x4, kernelSize, { ...options, dilation: 1 });
      const divisorOverride = options.divisorOverride ?? null;
      if (divisorOverride !== null && (!Number.isFinite(divisorOverride) || divisorOverride === 0)) {
        throw new ArgumentError(`avgPool2d: expected a nonzero divisorOverride, got ${divisorOverride}.`);
      }
      const attrs: AvgPool2dAttrs = { ...base, countIncludePad: options.countIncludePad ?? true, divisorOverride };
      if (hasFusedKernel(x4.backend, 'AvgPool2d')) return run('AvgPool2d', { x: x4 }, attrs);
      return avgPool2dComposite(x4, info, attrs);
    },
    dropBatch,
  );
}
