import {
  conv2d,
  crossEntropy,
  findBackend,
  linear,
  maxPool2d,
  noGradScope,
  registerBackend,
  removeBackend,
  type Tensor,
  tensor,
  tidy,
  zeros,
} from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend, registerCpuKernels } from './index.js';
import { OutOfMemoryError } from './out-of-memory-error.js';
import { requireWasmHeap } from './wasm/require-wasm-heap.js';

const heap = requireWasmHeap();
registerBackend('cpu-wasm-storage', () => new CpuBackend('cpu-wasm-storage', { storage: 'wasm' }));
registerCpuKernels('cpu-wasm-storage');
registerBackend('cpu-heap-storage', () => new CpuBackend('cpu-heap-storage', { storage: 'js' }));
registerCpuKernels('cpu-heap-storage');

/** Deterministic values in [-scale, scale), the same for every backend. */
function values(length: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

interface Net {
  readonly params: Tensor[];
  readonly x: Tensor;
  readonly y: Tensor;
}

function makeNet(backend: string, batch: number): Net {
  const param = (shape: number[], seed: number, scale: number) =>
    tensor(
      values(
        shape.reduce((a, b) => a * b, 1),
        seed,
        scale,
      ),
      { shape, backend, requiresGrad: true },
    );
  return {
    params: [
      param([6, 1, 5, 5], 1, 0.2),
      param([6], 2, 0.1),
      param([16, 6, 5, 5], 3, 0.08),
      param([16], 4, 0.1),
      param([10, 16 * 4 * 4], 5, 0.05),
      param([10], 6, 0.1),
    ],
    x: tensor(values(batch * 28 * 28, 7, 1), { shape: [batch, 1, 28, 28], backend }),
    y: tensor(
      Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10),
      { backend },
    ),
  };
}

/**
 * One LeNet-like step (conv, relu, pool twice, linear, cross-entropy, backward, SGD), with
 * `midStep` run between the forward and the backward pass; returns the loss, the gradients and
 * the updated weights.
 */
function trainStep(net: Net, midStep: () => void = () => {}): Float32Array[] {
  return tidy(() => {
    const [w1, b1, w2, b2, w3, b3] = net.params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    let h = maxPool2d(conv2d(net.x, w1, b1).relu(), 2);
    h = maxPool2d(conv2d(h, w2, b2).relu(), 2);
    const loss = crossEntropy(linear(h.reshape([h.shape[0]!, -1]), w3, b3), net.y);
    midStep();
    loss.backward();
    const grads = net.params.map((p) => p.grad!.dataSync() as Float32Array);
    {
      using _ = noGradScope();
      for (const p of net.params) {
        p.sub_(p.grad!.mul(0.1));
        p.grad!.dispose();
        p.grad = null;
      }
    }
    return [loss.dataSync() as Float32Array, ...grads, ...net.params.map((p) => p.dataSync() as Float32Array)];
  });
}

describe("the CPU backend's 'wasm' storage", () => {
  it('keeps tensors in the WebAssembly memory, and readSync returns a copy', () => {
    const backend = findBackend('cpu-wasm-storage') as CpuBackend;
    expect(backend.storage).toBe('wasm');
    const id = backend.write(new Float32Array([1, 2, 3]), [3], 'float32');
    const stored = backend.values(id);
    expect(heap.isView(stored)).toBe(true);
    expect(stored.byteOffset % 64).toBe(0);
    const read = backend.readSync(id);
    expect(heap.isView(read)).toBe(false);
    read[0] = 9;
    expect(Array.from(backend.readSync(id))).toEqual([1, 2, 3]);
    const inUse = heap.allocator.bytesInUse;
    backend.disposeData(id);
    backend.disposeData(id);
    expect(heap.allocator.bytesInUse).toBe(inUse - 64);
    expect(() => backend.values(id)).toThrow(/got a disposed one/);
  });

  it('adopts a JS-heap array a TypeScript kernel made, and counts it', () => {
    const backend = findBackend('cpu-wasm-storage') as CpuBackend;
    const before = backend.stats().buffersAllocated;
    const info = backend.makeOutput(new Int32Array([4, 5]), [2], 'int32');
    expect(Array.from(backend.readSync(info.dataId))).toEqual([4, 5]);
    expect(backend.stats().buffersAllocated).toBe(before + 1);
    backend.disposeData(info.dataId);
  });

  it('throws an OutOfMemoryError for a buffer past wasm32 4 GiB, leaving memory as it was', () => {
    const backend = findBackend('cpu-wasm-storage') as CpuBackend;
    const before = backend.stats();
    expect(() => backend.allocate('float32', 2 ** 30)).toThrow(OutOfMemoryError);
    expect(() => backend.allocate('float64', 2 ** 29)).toThrow(
      /cpu backend: expected 4294967296 more bytes to fit in the 4294967296 bytes of WebAssembly memory/,
    );
    expect(backend.stats().wasmMemoryBytes).toBe(before.wasmMemoryBytes);
    expect(backend.stats().wasmBytesInUse).toBe(before.wasmBytesInUse);
  });

  it("frees the blocks of a removed backend's tensors when they are disposed", () => {
    registerBackend('cpu-removed', () => new CpuBackend('cpu-removed'));
    registerCpuKernels('cpu-removed');
    const inUse = heap.allocator.bytesInUse;
    const t = tensor(values(1000, 9, 1), { backend: 'cpu-removed' });
    const u = t.mul(2);
    expect(heap.allocator.bytesInUse).toBe(inUse + 2 * 4032);
    expect(u.dataSync()[0]).toBe(2 * t.dataSync()[0]!);
    removeBackend('cpu-removed');
    t.dispose();
    u.dispose();
    expect(heap.allocator.bytesInUse).toBe(inUse);
  });

  it('rejects an unknown storage', () => {
    expect(() => new CpuBackend('cpu-bad-storage', { storage: 'gpu' as 'js' })).toThrow(
      /expected options.storage to be 'wasm' or 'js', got gpu/,
    );
  });

  it('gives the same bits as JS-heap storage in a training step whose memory grows between forward and backward', {
    timeout: 60_000,
  }, () => {
    const wasmNet = makeNet('cpu-wasm-storage', 16);
    const jsNet = makeNet('cpu-heap-storage', 16);
    const backend = findBackend('cpu-wasm-storage') as CpuBackend;
    for (let round = 0; round < 2; round++) {
      let grew = 0;
      const wasmResults = trainStep(wasmNet, () => {
        // More than the memory has free: the memory must grow, and the forward pass's saved
        // activations (views taken before the growth) must still read the same in backward.
        const { wasmMemoryBytes, wasmBytesInUse } = backend.stats();
        const before = wasmMemoryBytes;
        zeros([(wasmMemoryBytes - wasmBytesInUse) / 4 + 2 ** 20], { backend: 'cpu-wasm-storage' });
        grew = backend.stats().wasmMemoryBytes - before;
      });
      const jsResults = trainStep(jsNet);
      expect(grew).toBeGreaterThan(0);
      expect(wasmResults.length).toBe(jsResults.length);
      for (let i = 0; i < jsResults.length; i++) expect(wasmResults[i]).toEqual(jsResults[i]);
    }
    for (const p of [...wasmNet.params, ...jsNet.params]) p.dispose();
  });

  it('allocates no JS-heap buffer and no new WebAssembly memory per training step after warm-up', () => {
    const net = makeNet('cpu-wasm-storage', 16);
    const backend = findBackend('cpu-wasm-storage') as CpuBackend;
    for (let i = 0; i < 2; i++) trainStep(net);
    const before = backend.stats();
    for (let i = 0; i < 4; i++) {
      trainStep(net);
      const now = backend.stats();
      expect(now.wasmBytesInUse).toBe(before.wasmBytesInUse);
      expect(now.wasmMemoryBytes).toBe(before.wasmMemoryBytes);
    }
    const after = backend.stats();
    expect(after.buffersAllocated).toBe(before.buffersAllocated);
    expect(after.pooledBytes).toBe(0);
    // The step's tensors were blocks of WebAssembly memory: dozens per step.
    expect(after.blocksAllocated - before.blocksAllocated).toBeGreaterThan(4 * 30);
    for (const p of net.params) p.dispose();
  });
});
