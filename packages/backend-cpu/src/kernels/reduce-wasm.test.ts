import { callKernel } from '@strata/core/testing';
import { type TensorInfo, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { reduce } from './reduce.js';
import { channelView, reduceWasm } from './reduce-wasm.js';

const backend = new CpuBackend();
const sumWasm = reduceWasm(requireWasmHeap());

function tensor(shape: number[], seed: number, map: (v: number) => number = (v) => v): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  const values = Float32Array.from({ length: size }, (_, i) => map(uniformAt(seed, i) * 2 - 1));
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

function sum(kernel: typeof reduce, x: TensorInfo, axes: number[]) {
  return callKernel('Reduce', kernel, { inputs: { x }, attrs: { op: 'sum', axes }, backend });
}

describe('channelView', () => {
  it('views the kept dimensions as one span of channels', () => {
    expect(channelView([256, 6, 28, 28], [0, 2, 3])).toEqual({ outer: 256, channels: 6, inner: 784 });
    expect(channelView([256, 120], [0])).toEqual({ outer: 256, channels: 120, inner: 1 });
    expect(channelView([4, 1, 7, 3], [0, 3])).toEqual({ outer: 4, channels: 7, inner: 3 });
    expect(channelView([2, 3, 1, 5], [2])).toEqual({ outer: 1, channels: 30, inner: 1 });
    expect(channelView([8, 9], [0, 1])).toEqual({ outer: 1, channels: 1, inner: 72 });
  });
  it('gives undefined where a reduced dimension splits the kept ones', () => {
    expect(channelView([3, 4, 5], [1])).toBeUndefined();
    expect(channelView([2, 3, 1, 5], [1])).toBeUndefined();
  });
});

// Both kernels add in double and round once, so they can differ only where the double sums'
// different orders (the TypeScript kernel's sequential, the wasm kernel's eight lanes) round to
// different floats: by one float ulp, plus the double error n * 2^-53 * sum |x| under cancellation.
describe('the WebAssembly per-channel sum', () => {
  const cases: [number[], number[]][] = [
    [
      [5, 6, 13, 11],
      [0, 2, 3],
    ],
    [
      [3, 16, 10, 10],
      [0, 2, 3],
    ],
    [
      [2, 5, 3],
      [0, 2],
    ],
    [[37, 123], [0]],
    [
      [4, 1, 7, 3],
      [0, 3],
    ],
    [[1003], [0]],
    [
      [8, 9],
      [0, 1],
    ],
  ];
  for (const [shape, axes] of cases) {
    it(`matches the TypeScript reduce: shape ${shape}, axes ${axes}`, () => {
      const x = tensor(shape, 11);
      const reference = backend.values(sum(reduce, x, axes).dataId) as Float32Array;
      const scale = backend.values(sum(reduce, tensor(shape, 11, Math.abs), axes).dataId) as Float32Array;
      const out = sum(sumWasm, x, axes);
      expect(out.shape).toEqual(shape.filter((_, d) => !axes.includes(d)));
      const actual = backend.values(out.dataId) as Float32Array;
      const terms = x.shape.reduce((s, d) => s * d, 1) / Math.max(1, actual.length);
      const view = channelView(shape, axes)!;
      for (let c = 0; c < actual.length; c++) {
        // Summed down the rows in row order, as the TypeScript kernel does: the same float.
        if (view.inner === 1) expect(actual[c]).toBe(reference[c]);
        const bound = 2 ** -23 * Math.abs(reference[c]) + terms * 2 ** -53 * scale[c];
        expect(Math.abs(actual[c] - reference[c])).toBeLessThanOrEqual(bound);
      }
    });
  }

  it('takes the TypeScript kernel for other reductions', () => {
    const x = tensor([3, 4, 5], 12);
    expect(backend.values(sum(sumWasm, x, [1]).dataId)).toEqual(backend.values(sum(reduce, x, [1]).dataId));
    const max = callKernel('Reduce', sumWasm, { inputs: { x }, attrs: { op: 'max', axes: [0, 2] }, backend });
    const maxReference = callKernel('Reduce', reduce, { inputs: { x }, attrs: { op: 'max', axes: [0, 2] }, backend });
    expect(backend.values(max.dataId)).toEqual(backend.values(maxReference.dataId));
  });
});
