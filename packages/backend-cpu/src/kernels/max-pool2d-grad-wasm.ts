import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { planPool } from '../wasm/pool-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { maxPool2dGrad } from './max-pool2d-grad.js';

/**
 * `MaxPool2dGrad` on the WebAssembly kernel for float32 (float64 takes the TypeScript kernel):
 * each thread owns whole input planes and adds their gradients in output order, so the sums
 * where windows share a winner equal the TypeScript kernel's bit for bit, for any thread count.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'MaxPool2dGrad', maxPool2dGradWasm(heap));
 * ```
 */
export function maxPool2dGradWasm(heap: WasmHeap): KernelFunc<'MaxPool2dGrad', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.dy.dtype !== 'float32') return maxPool2dGrad(args);
    const info = computePool2dInfo(attrs.inputShape, attrs);
    heap.reset();
    const plan = planPool(heap, info);
    const dy = heap.copyIn(backend.values(inputs.dy.dataId) as Float32Array);
    const indices = heap.copyInInts(backend.values(inputs.indices.dataId) as Int32Array);
    const out = backend.allocateOutput('float32', plan.planes * plan.inPlane);
    const dx = heap.outputPointer(out);
    heap.parallel('max_pool2d_grad', plan.planes, plan.grain, (begin, end) => [
      dy,
      indices,
      plan.geometry,
      dx,
      begin,
      end,
    ]);
    heap.copyBack(out, dx);
    return backend.makeOutput(out, attrs.inputShape, 'float32');
  };
}
