import { stack, Tensor, tidy } from '@strata/core';

/** Whether `sample` is a tuple of tensors, as a `TensorDataset` yields. */
export function isTensorSample(sample: unknown): sample is readonly Tensor[] {
  return Array.isArray(sample) && sample.length >= 2 && sample.every((field) => field instanceof Tensor);
}

/**
 * PyTorch's `default_collate` for samples of tensors: the first two fields of every sample
 * stacked along a new first dimension, keeping their dtypes (float regression targets stay
 * float), on `backend` when one is given.
 *
 * @example
 * ```ts
 * const [x, y] = stackTensorSamples([ds.get(0), ds.get(1)], undefined); // x [2, ...], y [2]
 * ```
 */
export function stackTensorSamples(
  samples: readonly (readonly Tensor[])[],
  backend: string | undefined,
): [Tensor, Tensor] {
  return tidy(() => {
    const field = (k: number): Tensor => {
      const batch = stack(samples.map((sample) => sample[k]!));
      return backend === undefined ? batch : batch.to(backend);
    };
    return [field(0), field(1)];
  });
}
