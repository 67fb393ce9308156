import { PARALLEL_MACS } from './wasm-heap.js';

const float64 = new Float64Array(1);
const words = new Uint32Array(float64.buffer);

/**
 * What the WebAssembly softmax cross-entropy kernels share: `labelSmoothing` as the high and low
 * 32 bits of its float64 (a kernel argument slot holds an int32; passing the bits keeps the
 * kernels free of heap scratch) and the least rows per thread.
 *
 * @example
 * ```ts
 * const { smoothing, grain } = planSoftmaxCrossEntropy(1000, 0.1);
 * heap.parallel('softmax_cross_entropy', rows, grain, (begin, end) => [x, t, ...smoothing, -100, 1000, losses, lse, begin, end]);
 * ```
 */
export function planSoftmaxCrossEntropy(
  classes: number,
  labelSmoothing: number,
): { smoothing: readonly [number, number]; grain: number } {
  float64[0] = labelSmoothing;
  // Little-endian, as WebAssembly: word 1 holds the high bits.
  return {
    smoothing: [words[1]!, words[0]!],
    // An exp costs about as much as a dozen multiply-adds.
    grain: Math.ceil(PARALLEL_MACS / (12 * Math.max(classes, 1))),
  };
}
