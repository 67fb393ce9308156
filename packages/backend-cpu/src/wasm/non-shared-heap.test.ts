// A page that is not cross-origin isolated runs the kernels on a memory that is not shared,
// whose growth detaches every view of it: tensors stay on the JS heap and each kernel copies
// through scratch. The same kernels on such a heap, forced to grow mid-kernel, must give the bits
// they give on the shared heap.
import type { TensorInfo } from '@strata/core';
import { callKernel } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { conv2dWasm } from '../kernels/conv2d-wasm.js';
import { conv2dBackpropInputWasm } from '../kernels/conv2d-backprop-input-wasm.js';
import { matMulWasm } from '../kernels/mat-mul-wasm.js';
import { maxPool2dWasm } from '../kernels/max-pool2d-wasm.js';
import type { KernelExports } from './kernel-exports.js';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels-wasm.generated.js';
import { wasmSimdFlavour } from './load-wasm.js';
import { requireWasmHeap } from './require-wasm-heap.js';
import { WasmHeap } from './wasm-heap.js';

const shared = requireWasmHeap();
const memory = new WebAssembly.Memory({ initial: 64 });
// The flavour the shared heap loaded, whose bits the test compares with.
const base64 = wasmSimdFlavour === 'relaxed-simd' ? KERNELS_RELAXED_WASM_BASE64 : KERNELS_WASM_BASE64;
const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64')), { env: { memory } });
const heap = new WasmHeap(instance.exports as unknown as KernelExports, memory);
const jsBackend = new CpuBackend('cpu-non-shared-test', { storage: 'js' });
const wasmBackend = new CpuBackend('cpu-shared-test', { storage: 'wasm' });

function input(backend: CpuBackend, shape: number[], seed: number): TensorInfo {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, (_, i) => Math.sin(seed * 1000 + i * 0.37));
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

describe('the WebAssembly kernels on a memory that is not shared', () => {
  // Four kernels on both heaps, the copying one growing its memory: seconds on a loaded machine.
  it('give the bits of the shared heap while the memory grows under them', { timeout: 120_000 }, () => {
    expect(heap.shared).toBe(false);
    expect(shared.shared).toBe(true);
    const before = memory.buffer.byteLength;
    const run = (backend: CpuBackend, on: WasmHeap) => {
      const x = input(backend, [32, 3, 28, 28], 1);
      const w = input(backend, [16, 3, 5, 5], 2);
      const a = input(backend, [300, 400], 3);
      const b = input(backend, [400, 200], 4);
      const convAttrs = { strides: [1, 1], pad: [2, 2, 2, 2], dilations: [1, 1], groups: 1 } as const;
      const y = callKernel('Conv2d', conv2dWasm(on), { inputs: { x, filter: w }, attrs: convAttrs, backend });
      const dx = callKernel('Conv2dBackpropInput', conv2dBackpropInputWasm(on, undefined, 'im2col'), {
        inputs: { dy: y, filter: w },
        attrs: { ...convAttrs, inputShape: x.shape },
        backend,
      });
      const [pooled, indices] = callKernel('MaxPool2d', maxPool2dWasm(on), {
        inputs: { x: y },
        attrs: { kernelSize: [2, 2], strides: [2, 2], pad: [0, 0], ceilMode: false, dilations: [1, 1] },
        backend,
      });
      const c = callKernel('MatMul', matMulWasm(on), {
        inputs: { a, b },
        attrs: { transposeA: false, transposeB: false },
        backend,
      });
      return [y, dx, pooled, indices, c].map((t) => backend.readSync(t.dataId));
    };
    const copied = run(jsBackend, heap);
    expect(memory.buffer.byteLength).toBeGreaterThan(before);
    const inPlace = run(wasmBackend, shared);
    for (let i = 0; i < inPlace.length; i++) expect(copied[i]).toEqual(inPlace[i]);
  });
});
