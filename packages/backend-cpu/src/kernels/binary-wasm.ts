import { type BinaryOp, broadcastShapes, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { collapseBroadcast } from '../routines/collapse-broadcast.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { binary } from './binary.js';

// Op codes of csrc/binary.c. Float32 + - * / round the same in wasm as in the TypeScript kernel
// (the exact result rounded once), so only these move; the rest stay in TypeScript.
const WASM_OPS: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

/**
 * `Binary` with float32 `add`/`sub`/`mul`/`div` on WebAssembly SIMD whenever the broadcast
 * collapses to three dimensions (same shapes, scalars, per-channel and per-row operands); every
 * other case takes the TypeScript kernel.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'Binary', binaryWasm(heap));
 * ```
 */
export function binaryWasm(heap: WasmHeap): KernelFunc<'Binary', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { a, b } = inputs;
    const op = WASM_OPS[attrs.op];
    if (op === undefined || a.dtype !== 'float32') return binary(args);
    const outShape = broadcastShapes(attrs.op, a.shape, b.shape);
    const collapsed = collapseBroadcast(a.shape, b.shape, outShape);
    if (collapsed === undefined) return binary(args);
    const size = sizeFromShape(outShape);
    heap.reset();
    const x = heap.copyIn(backend.values(a.dataId) as Float32Array);
    const y = heap.copyIn(backend.values(b.dataId) as Float32Array);
    const xStrides = heap.ints(collapsed.aStrides);
    const yStrides = heap.ints(collapsed.bStrides);
    const dims = heap.ints(collapsed.dims);
    const out = heap.alloc(size);
    heap.kernels.binary_f32(op, x, xStrides, y, yStrides, out, dims);
    return backend.copyOutput(heap.f32(out, size), outShape, 'float32');
  };
}
