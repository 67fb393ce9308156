import { integerAt, type KernelFunc, makeTypedArray, normalAt, sizeFromShape, uniformAt } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';

/**
 * Draws from core's counter-based generator on the host and uploads the values: the generator
 * needs exact 32-bit integer hashing, which WebGL1's float-only shaders cannot do, and random
 * tensors are made at initialisation (weights), not in the kernels of a training step.
 *
 * @example
 * ```ts
 * const r = random({ inputs: {}, attrs: { shape: [2, 3], dtype: 'float32', distribution: 'uniform', seed: 42, low: 0, high: 1 }, backend });
 * ```
 */
export const random: KernelFunc<'Random', GpuBackend> = ({ attrs: { shape, dtype, distribution, seed, low, high }, backend }) => {
  const out = makeTypedArray(dtype, sizeFromShape(shape));
  if (distribution === 'uniform') {
    const range = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + range * uniformAt(seed, i);
  } else if (distribution === 'normal') {
    for (let i = 0; i < out.length; i++) out[i] = low + high * normalAt(seed, i);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = integerAt(seed, i, low, high);
  }
  return { dataId: backend.write(out, shape, dtype), shape: [...shape], dtype };
};
