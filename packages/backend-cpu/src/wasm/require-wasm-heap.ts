import { wasmHeap, wasmUnavailableReason } from './load-wasm.js';
import type { WasmHeap } from './wasm-heap.js';

/**
 * The loaded WebAssembly heap, or an error saying why it did not load: for tests and benchmarks
 * of the WebAssembly kernels, which must not pass by silently measuring nothing.
 *
 * @example
 * ```ts
 * const heap = requireWasmHeap();
 * ```
 */
export function requireWasmHeap(): WasmHeap {
  if (wasmHeap === undefined) {
    throw new Error(`@strata/backend-cpu: expected the WebAssembly kernels to be loaded, but ${wasmUnavailableReason}`);
  }
  return wasmHeap;
}
