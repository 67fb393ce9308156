import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { planSoftmaxCrossEntropy } from '../wasm/softmax-cross-entropy-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { softmaxCrossEntropyGrad } from './softmax-cross-entropy-grad.js';

/**
 * `SoftmaxCrossEntropyGrad` on the WebAssembly SIMD kernel for float32 (float64 takes the
 * TypeScript kernel, whose float32 steps it reproduces bit for bit), the rows split across the
 * kernel threads.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'SoftmaxCrossEntropyGrad', softmaxCrossEntropyGradWasm(heap));
 * ```
 */
export function softmaxCrossEntropyGradWasm(heap: WasmHeap): KernelFunc<'SoftmaxCrossEntropyGrad', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { dy, logits, target, lse } = inputs;
    const [rows, classes] = logits.shape as [number, number];
    if (rows * classes === 0 || [dy, logits, lse].some((t) => t.dtype !== 'float32')) {
      return softmaxCrossEntropyGrad(args);
    }
    heap.reset();
    const { smoothing, grain } = planSoftmaxCrossEntropy(classes, attrs.labelSmoothing);
    const [dyPtr, x, lsePtr] = [dy, logits, lse].map((t) => heap.copyIn(backend.values(t.dataId) as Float32Array)) as [
      number,
      number,
      number,
    ];
    const t = heap.copyInInts(backend.values(target.dataId) as Int32Array);
    const dxOut = backend.allocateOutput('float32', rows * classes);
    const dx = heap.outputPointer(dxOut);
    heap.parallel('softmax_cross_entropy_grad', rows, grain, (begin, end) => [
      dyPtr,
      x,
      t,
      lsePtr,
      ...smoothing,
      attrs.ignoreIndex,
      classes,
      dx,
      begin,
      end,
    ]);
    heap.copyBack(dxOut, dx);
    return backend.makeOutput(dxOut, logits.shape, 'float32');
  };
}
