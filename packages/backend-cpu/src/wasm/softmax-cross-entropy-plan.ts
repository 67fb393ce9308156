import { PARALLEL_MACS, type WasmHeap } from './wasm-heap.js';

/**
 * What the WebAssembly softmax cross-entropy kernels share: `labelSmoothing` as a float64 in the
 * heap (a kernel argument slot holds only an integer) and the least rows per thread.
 *
 * @example
 * ```ts
 * heap.reset();
 * const { smoothing, grain } = planSoftmaxCrossEntropy(heap, 1000, 0.1);
 * ```
 */
export function planSoftmaxCrossEntropy(
  heap: WasmHeap,
  classes: number,
  labelSmoothing: number,
): { smoothing: number; grain: number } {
  const smoothing = heap.alloc(2);
  heap.f64(smoothing, 1)[0] = labelSmoothing;
  // An exp costs about as much as a dozen multiply-adds.
  return { smoothing, grain: Math.ceil(PARALLEL_MACS / (12 * Math.max(classes, 1))) };
}
