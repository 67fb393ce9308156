import { computePool2dInfo, type KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { planPool } from '../wasm/pool-plan.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { maxPool2d } from './max-pool2d.js';

/**
 * `MaxPool2d` on the WebAssembly SIMD kernel for float32 (float64 takes the TypeScript kernel),
 * the planes split across the kernel threads; values and indices equal the TypeScript kernel's
 * bit for bit.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'MaxPool2d', maxPool2dWasm(heap));
 * ```
 */
export function maxPool2dWasm(heap: WasmHeap): KernelFunc<'MaxPool2d', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    if (inputs.x.dtype !== 'float32') return maxPool2d(args);
    const info = computePool2dInfo(inputs.x.shape, attrs);
    heap.reset();
    const plan = planPool(heap, info);
    const x = heap.copyIn(backend.values(inputs.x.dataId) as Float32Array);
    const size = plan.planes * plan.outPlane;
    const valuesOut = backend.allocateOutput('float32', size);
    const indicesOut = backend.allocateOutput('int32', size);
    const values = heap.outputPointer(valuesOut);
    const indices = heap.outputPointer(indicesOut);
    heap.parallel('max_pool2d', plan.planes, plan.grain, (begin, end) => [
      x,
      plan.geometry,
      values,
      indices,
      begin,
      end,
    ]);
    heap.copyBack(valuesOut, values);
    heap.copyBack(indicesOut, indices);
    return [
      backend.makeOutput(valuesOut, info.outShape, 'float32'),
      backend.makeOutput(indicesOut, info.outShape, 'int32'),
    ];
  };
}
