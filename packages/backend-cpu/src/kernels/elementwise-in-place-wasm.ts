import { compileExprs, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { elementwiseInPlace } from './elementwise-in-place.js';
import { runWasmLoop, wasmElementwise } from './elementwise-wasm-function.js';

/**
 * `ElementwiseInPlace` on one WebAssembly SIMD loop generated for the expressions and layout
 * (see `wasmElementwise`), split across the kernel threads as `Elementwise` is: in `'wasm'` storage
 * the targets are read and written where they are in the heap (one that a kernel made on the JS
 * heap moves there first, as an out-of-place update would have moved it), with no copy and no
 * scratch; in `'js'` storage they go through scratch copies. Programs it does not render take the
 * JavaScript loop.
 *
 * @example
 * ```ts
 * registerKernels('cpu', [{ kernelName: 'ElementwiseInPlace', kernelFunc: elementwiseInPlaceWasm(heap) }]);
 * ```
 */
export function elementwiseInPlaceWasm(heap: WasmHeap): KernelFunc<'ElementwiseInPlace', CpuBackend> {
  return (args) => {
    const {
      inputs: { xs },
      attrs: { exprs, targets, layout },
      backend,
    } = args;
    const program = compileExprs(exprs);
    const loop = sizeFromShape(layout.shape) === 0 ? undefined : wasmElementwise(heap, program, layout);
    if (loop === undefined) return elementwiseInPlace(args);
    heap.reset();
    const values = xs.map(
      (x, i) =>
        (targets.includes(i) ? backend.valuesInHeap(x.dataId, x.dtype) : backend.values(x.dataId)) as Float32Array,
    );
    const pointers = values.map((v) => heap.copyIn(v));
    const outs = targets.map((t) => values[t]!);
    const outPointers = outs.map((out) => heap.outputPointer(out));
    runWasmLoop(heap, loop, program, layout, pointers, outPointers);
    outs.forEach((out, j) => {
      heap.copyBack(out, outPointers[j]!);
    });
    return [];
  };
}
