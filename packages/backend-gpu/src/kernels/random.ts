import { type KernelFunc, randomValues } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';

/**
 * Draws from core's counter-based generator on the host (`randomValues`) and uploads the
 * values: the generator needs exact 32-bit integer hashing, which WebGL1's float-only shaders
 * cannot do, and random tensors are made at initialisation (weights), not in the kernels of a
 * training step.
 *
 * @example
 * ```ts
 * const r = random({ inputs: {}, attrs: { shape: [2, 3], dtype: 'float32', distribution: 'uniform', seed: 42, low: 0, high: 1 }, backend });
 * ```
 */
export const random: KernelFunc<'Random', GpuBackend> = ({ attrs, backend }) => ({
  dataId: backend.write(randomValues(attrs), attrs.shape, attrs.dtype),
  shape: [...attrs.shape],
  dtype: attrs.dtype,
});
