import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { planSoftmaxCrossEntropy } from '../wasm/softmax-cross-entropy-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

/**
 * `SoftmaxCrossEntropy` on the WebAssembly SIMD kernel for float32 (float64 takes the TypeScript
 * kernel), the rows split across the kernel threads; each row is computed in an order fixed by
 * the class count, so results do not depend on the thread count.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'SoftmaxCrossEntropy', softmaxCrossEntropyWasm(heap));
 * ```
 */
export function softmaxCrossEntropyWasm(heap: WasmHeap): KernelFunc<'SoftmaxCrossEntropy', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { logits, target } = inputs;
    const [rows, classes] = logits.shape as [number, number];
    if (rows * classes === 0 || logits.dtype !== 'float32') return softmaxCrossEntropy(args);
    heap.reset();
    const { smoothing, grain } = planSoftmaxCrossEntropy(classes, attrs.labelSmoothing);
    const x = heap.copyIn(backend.values(logits.dataId) as Float32Array);
    const t = heap.copyInInts(backend.values(target.dataId) as Int32Array);
    const lossesOut = backend.allocateOutput('float32', rows);
    const lseOut = backend.allocateOutput('float32', rows);
    const losses = heap.outputPointer(lossesOut);
    const lse = heap.outputPointer(lseOut);
    heap.parallel('softmax_cross_entropy', rows, grain, (begin, end) => [
      x,
      t,
      ...smoothing,
      attrs.ignoreIndex,
      classes,
      losses,
      lse,
      begin,
      end,
    ]);
    heap.copyBack(lossesOut, losses);
    heap.copyBack(lseOut, lse);
    return [backend.makeOutput(lossesOut, [rows], 'float32'), backend.makeOutput(lseOut, [rows], 'float32')];
  };
}
