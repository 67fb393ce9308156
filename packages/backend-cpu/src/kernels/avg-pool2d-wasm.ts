import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { avgPoolDivisorsInHeap, planPool } from '../wasm/pool-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { avgPool2d } from './avg-pool2d.js';

/**
 * `AvgPool2d` on the WebAssembly kernel for float32 (float64 takes the TypeScript kernel), the
 * planes split across the kernel threads. Sums run in float64 over core's `avgPoolDivisor`, as
 * in the TypeScript kernel, so the results equal it bit for bit.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'AvgPool2d', avgPool2dWasm(heap));
 * ```
 */
export function avgPool2dWasm(heap: WasmHeap): KernelFunc<'AvgPool2d', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.x.dtype !== 'float32') return avgPool2d(args);
    const info = computePool2dInfo(inputs.x.shape, attrs);
    heap.reset();
    const plan = planPool(heap, info);
    const divisors = avgPoolDivisorsInHeap(heap, info, attrs);
    const x = heap.copyIn(backend.values(inputs.x.dataId) as Float32Array);
    const out = backend.allocateOutput('float32', plan.planes * plan.outPlane);
    const y = heap.outputPointer(out);
    heap.parallel('avg_pool2d', plan.planes, plan.grain, (begin, end) => [x, plan.geometry, divisors, y, begin, end]);
    heap.copyBack(out, y);
    return backend.makeOutput(out, info.outShape, 'float32');
  };
}
