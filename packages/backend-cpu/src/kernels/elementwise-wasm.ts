import { compileExpr, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { elementwise } from './elementwise.js';
import { runWasmLoop, wasmElementwise } from './elementwise-wasm-function.js';

/**
 * `Elementwise` on a WebAssembly SIMD loop generated for the expression and layout (see
 * `wasmElementwise`): the float32 inputs are copied into the heap, the loop writes the output
 * there. Programs it does not render (int32, bool outputs, log, erf, pow) and empty
 * outputs take the JavaScript loop.
 *
 * @example
 * ```ts
 * registerKernels('cpu', [{ kernelName: 'Elementwise', kernelFunc: elementwiseWasm(heap) }]);
 * ```
 */
export function elementwiseWasm(heap: WasmHeap): KernelFunc<'Elementwise', CpuBackend> {
  return (args) => {
    const {
      inputs: { xs },
      attrs: { expr, layout },
      output,
      backend,
    } = args;
    const size = sizeFromShape(output.shape);
    const program = compileExpr(expr);
    const loop = size === 0 ? undefined : wasmElementwise(heap, program, layout);
    if (loop === undefined) return elementwise(args);
    heap.reset();
    const pointers = xs.map((x) => heap.copyIn(backend.values(x.dataId) as Float32Array));
    const out = heap.alloc(size);
    runWasmLoop(heap, loop, program, layout, pointers, out);
    return backend.copyOutput(heap.f32(out, size), output.shape, 'float32');
  };
}
