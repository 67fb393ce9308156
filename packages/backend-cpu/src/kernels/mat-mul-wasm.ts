import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { applyEpilogueInHeap } from './epilogue.js';
import { matMul } from './mat-mul.js';

/**
 * `MatMul` on the WebAssembly SIMD GEMM for float32 (other dtypes take the TypeScript kernel),
 * with the same batching and transposes: a transposed operand is read through its strides, never
 * copied transposed. Operands are read in place and the product written into the output's
 * storage when they live in the heap; the epilogue runs on the product there.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'MatMul', matMulWasm(heap));
 * ```
 */
export function matMulWasm(heap: WasmHeap): KernelFunc<'MatMul', CpuBackend> {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { a, b } = inputs;
    if (a.dtype !== 'float32') return matMul(args);
    const rank = a.shape.length;
    const m = attrs.transposeA ? a.shape[rank - 1]! : a.shape[rank - 2]!;
    const k = attrs.transposeA ? a.shape[rank - 2]! : a.shape[rank - 1]!;
    const n = attrs.transposeB ? b.shape[rank - 2]! : b.shape[rank - 1]!;
    const batchA = sizeFromShape(a.shape.slice(0, -2));
    const batchB = sizeFromShape(b.shape.slice(0, -2));
    const batchShape = (batchA === 1 ? b : a).shape.slice(0, -2);
    const batch = sizeFromShape(batchShape);
    heap.reset();
    const aPtr = heap.copyIn(backend.values(a.dataId) as Float32Array);
    const bPtr = heap.copyIn(backend.values(b.dataId) as Float32Array);
    const out = backend.allocateOutput('float32', batch * m * n);
    const cPtr = heap.outputPointer(out);
    const [ars, acs] = attrs.transposeA ? [1, m] : [k, 1];
    const [brs, bcs] = attrs.transposeB ? [1, k] : [n, 1];
    for (let i = 0; i < batch; i++) {
      const aOffset = 4 * (batchA === 1 ? 0 : i) * m * k;
      const bOffset = 4 * (batchB === 1 ? 0 : i) * k * n;
      heap.sgemm(m, n, k, aPtr + aOffset, ars, acs, bPtr + bOffset, brs, bcs, cPtr + 4 * i * m * n, n, 0);
    }
    if (attrs.epilogue !== undefined) {
      const bias = inputs.bias && (backend.values(inputs.bias.dataId) as Float32Array);
      applyEpilogueInHeap(heap, attrs.epilogue, cPtr, bias, { outer: batch * m, channels: n, inner: 1 });
    }
    heap.copyBack(out, cPtr);
    return backend.makeOutput(out, [...batchShape, m, n], 'float32');
  };
}
