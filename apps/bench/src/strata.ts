import '@strata/backend-cpu';
import { callKernel } from '@strata/core/testing';
import {
  type Backend,
  type DataId,
  findBackend,
  type KernelAttrs,
  type KernelInputs,
  type KernelName,
  getKernel,
  type TensorInfo,
  uniformAt,
} from '@strata/core';

/**
 * strata's CPU backend, reached through the public registry that `import '@strata/backend-cpu'`
 * fills, so the bench measures whatever kernels that package registers.
 *
 * @example
 * ```ts
 * const backend = strataCpu();
 * ```
 */
export function strataCpu(): Backend {
  return findBackend('cpu');
}

/**
 * `size` float32 values uniform in [-1, 1), a function of (seed, index) only, so strata and
 * TensorFlow.js get identical inputs.
 *
 * @example
 * ```ts
 * const values = randomValues(6, 1);
 * ```
 */
export function randomValues(size: number, seed: number): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = uniformAt(seed, i) * 2 - 1;
  return values;
}

/**
 * Writes `values` to strata's CPU backend as a float32 tensor of `shape`.
 *
 * @example
 * ```ts
 * const a = writeStrata(randomValues(4, 1), [2, 2]);
 * ```
 */
export function writeStrata(values: Float32Array, shape: number[]): TensorInfo {
  return { dataId: strataCpu().write(values, shape, 'float32'), shape, dtype: 'float32' };
}

/**
 * Runs strata CPU kernel `name` once, reads its output (so that a kernel finishing lazily is
 * timed in full), frees it and returns its values: `readSync`'s copy, the one copy TensorFlow.js's
 * `dataSync` also makes.
 *
 * @example
 * ```ts
 * const c = runStrataKernel('MatMul', { a, b }, { transposeA: false, transposeB: false });
 * ```
 */
export function runStrataKernel<K extends KernelName>(
  name: K,
  inputs: KernelInputs<K>,
  attrs: KernelAttrs<K>,
): Float32Array {
  const backend = strataCpu();
  const output = callKernel(name, getKernel('cpu', name), { inputs, attrs, backend }) as TensorInfo;
  const values = backend.readSync(output.dataId) as Float32Array;
  backend.disposeData(output.dataId);
  return values;
}

/**
 * Frees strata tensors written with {@link writeStrata}.
 *
 * @example
 * ```ts
 * disposeStrata([a.dataId, b.dataId]);
 * ```
 */
export function disposeStrata(ids: DataId[]): void {
  for (const id of ids) strataCpu().disposeData(id);
}
