import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { avgPoolDivisorsInHeap, planPool } from '../wasm/pool-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { avgPool2dGrad } from './avg-pool2d-grad.js';

/**
 * `AvgPool2dGrad` on the WebAssembly kernel for float32 (float64 takes the TypeScript kernel):
 * each thread owns whole input planes and adds their shares in output order, in float64 as the
 * TypeScript kernel does, so the results equal it bit for bit for any thread count.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'AvgPool2dGrad', avgPool2dGradWasm(heap));
 * ```
 */
export function avgPool2dGradWasm(heap: WasmHeap): KernelFunc<'AvgPool2dGrad', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.dy.dtype !== 'float32') return avgPool2dGrad(args);
    const info = computePool2dInfo(attrs.inputShape, attrs);
    heap.reset();
    const plan = planPool(heap, info);
    const divisors = avgPoolDivisorsInHeap(heap, info, attrs);
    const dy = heap.copyIn(backend.values(inputs.dy.dataId) as Float32Array);
    const out = backend.allocateOutput('float32', plan.planes * plan.inPlane);
    const dx = heap.outputPointer(out);
    heap.parallel('avg_pool2d_grad', plan.planes, plan.grain, (begin, end) => [
      dy,
      plan.geometry,
      divisors,
      dx,
      begin,
      end,
    ]);
    heap.copyBack(out, dx);
    return backend.makeOutput(out, attrs.inputShape, 'float32');
  };
}
