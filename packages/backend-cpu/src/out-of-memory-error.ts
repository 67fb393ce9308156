import { StrataError } from '@strata/core';

/**
 * The CPU backend's WebAssembly memory cannot hold another block: wasm32 addresses 4 GiB at
 * most, and tensors and kernel scratch share them.
 *
 * @example
 * ```ts
 * try { new CpuBackend().allocate('float32', 2 ** 30); } catch (e) { console.log(e instanceof OutOfMemoryError); }
 * ```
 */
export class OutOfMemoryError extends StrataError {
  override readonly name = 'OutOfMemoryError';
}
