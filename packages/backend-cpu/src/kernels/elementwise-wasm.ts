import { compileExpr, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { elementwise } from './elementwise.js';
import { runWasmLoop, wasmElementwise } from './elementwise-wasm-function.js';

/**
 * `Elementwise` on a WebAssembly SIMD loop generated for the expression and layout (see
 * `wasmElementwise`): it reads the float32 inputs in place when they live in the heap (else
 * from copies there) and writes the output into its tensor's storage. Programs it does not render (int32, bool outputs, log, erf, pow) and empty
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
    const out = backend.allocateOutput('float32', size);
    const outPtr = heap.outputPointer(out);
    runWasmLoop(heap, loop, program, layout, pointers, [outPtr]);
    heap.copyBack(out, outPtr);
    return backend.makeOutput(out, output.shape, 'float32');
  };
}
