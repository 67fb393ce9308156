import { type AvgPool2dAttrs, computePool2dInfo, type MaxPool2dAttrs, type TensorInfo } from '@strata/core';
import { callKernel } from '@strata/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { setNumThreads } from '../threads.js';
import { poolGrain } from '../wasm/pool-plan.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { avgPool2d } from './avg-pool2d.js';
import { avgPool2dGrad } from './avg-pool2d-grad.js';
import { avgPool2dGradWasm } from './avg-pool2d-grad-wasm.js';
import { avgPool2dWasm } from './avg-pool2d-wasm.js';
import { maxPool2d } from './max-pool2d.js';
import { maxPool2dGrad } from './max-pool2d-grad.js';
import { maxPool2dGradWasm } from './max-pool2d-grad-wasm.js';
import { maxPool2dWasm } from './max-pool2d-wasm.js';

const heap = requireWasmHeap();
const backend = new CpuBackend();

// A fixed generator, so that every run pools the same awkward values.
function values(n: number, seed: number, special: boolean): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const u = s / 2 ** 32;
    // Four levels make ties common; NaN and infinities test the max rules.
    out[i] = Math.floor(u * 4) - 1.5 + (special ? 0 : u / 8);
    if (special && u > 0.97) out[i] = Number.NaN;
    else if (special && u < 0.02) out[i] = u < 0.01 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return out;
}

function tensor(data: Float32Array, shape: number[]): TensorInfo {
  return { dataId: backend.write(data, shape, 'float32'), shape, dtype: 'float32' };
}

/** Positions whose bits differ, NaN matching any NaN. */
function differences(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  expect(a.length).toBe(b.length);
  const bits = (v: ArrayLike<number>) =>
    v instanceof Float32Array ? new Uint32Array(v.buffer, v.byteOffset, v.length) : (v as Int32Array);
  const [x, y] = [bits(a), bits(b)];
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (x[i] !== y[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) out.push(i);
  }
  return out;
}

const read = (t: TensorInfo) => backend.readSync(t.dataId);

interface MaxCase {
  shape: [number, number, number, number];
  attrs: MaxPool2dAttrs;
}

const maxCases: MaxCase[] = [
  {
    shape: [5, 7, 33, 35],
    attrs: { kernelSize: [2, 2], strides: [2, 2], pad: [0, 0], dilations: [1, 1], ceilMode: false },
  },
  {
    shape: [5, 7, 33, 35],
    attrs: { kernelSize: [2, 2], strides: [2, 2], pad: [1, 1], dilations: [1, 1], ceilMode: true },
  },
  {
    shape: [4, 6, 29, 31],
    attrs: { kernelSize: [3, 3], strides: [2, 2], pad: [1, 1], dilations: [1, 1], ceilMode: true },
  },
  {
    shape: [4, 6, 29, 31],
    attrs: { kernelSize: [3, 3], strides: [1, 1], pad: [1, 1], dilations: [2, 2], ceilMode: false },
  },
  {
    shape: [3, 5, 26, 37],
    attrs: { kernelSize: [2, 3], strides: [1, 3], pad: [1, 1], dilations: [2, 1], ceilMode: true },
  },
  {
    shape: [2, 3, 7, 9],
    attrs: { kernelSize: [3, 3], strides: [3, 3], pad: [1, 1], dilations: [1, 1], ceilMode: true },
  },
  {
    shape: [1, 2, 5, 6],
    attrs: { kernelSize: [1, 1], strides: [1, 1], pad: [0, 0], dilations: [1, 1], ceilMode: false },
  },
];

interface AvgCase {
  shape: [number, number, number, number];
  attrs: AvgPool2dAttrs;
}

const avgBase = { countIncludePad: true, divisorOverride: null, ceilMode: false, pad: [0, 0] as const };
const avgCases: AvgCase[] = [
  { shape: [5, 7, 33, 35], attrs: { ...avgBase, kernelSize: [2, 2], strides: [2, 2] } },
  {
    shape: [5, 7, 33, 35],
    attrs: { ...avgBase, kernelSize: [3, 3], strides: [2, 2], pad: [1, 1], ceilMode: true, countIncludePad: false },
  },
  { shape: [4, 6, 29, 31], attrs: { ...avgBase, kernelSize: [3, 2], strides: [1, 2], pad: [1, 1], ceilMode: true } },
  {
    shape: [4, 6, 29, 31],
    attrs: { ...avgBase, kernelSize: [3, 3], strides: [3, 3], pad: [1, 1], divisorOverride: 2.5 },
  },
  { shape: [2, 3, 7, 9], attrs: { ...avgBase, kernelSize: [4, 4], strides: [3, 3], pad: [2, 2], ceilMode: true } },
];

describe('WebAssembly pooling', () => {
  afterAll(() => setNumThreads(1));

  it('splits the big cases across threads (each has more planes than a thread takes at least)', () => {
    for (const { shape, attrs } of [...maxCases.slice(0, 5), ...avgCases.slice(0, 4)]) {
      const info = computePool2dInfo(shape, attrs);
      const grain = poolGrain(info.inHeight * info.inWidth, info.outHeight * info.outWidth);
      expect(info.batch * info.channels).toBeGreaterThan(grain);
    }
  });

  for (const threads of [1, 2, 3]) {
    it(`max pooling and its gradient equal the TypeScript kernels bit for bit on ${threads} thread(s)`, async () => {
      await setNumThreads(threads);
      for (const [index, { shape, attrs }] of maxCases.entries()) {
        const size = shape.reduce((a, b) => a * b, 1);
        const x = tensor(values(size, index + 1, true), shape);
        const [wasmValues, wasmIndices] = callKernel('MaxPool2d', maxPool2dWasm(heap), {
          inputs: { x },
          attrs,
          backend,
        });
        const [tsValues, tsIndices] = callKernel('MaxPool2d', maxPool2d, { inputs: { x }, attrs, backend });
        expect(wasmValues.shape).toEqual(tsValues.shape);
        expect(wasmIndices.dtype).toBe('int32');
        expect(differences(read(wasmValues), read(tsValues))).toEqual([]);
        expect(differences(read(wasmIndices), read(tsIndices))).toEqual([]);
        const dy = tensor(values(read(tsValues).length, index + 100, false), [...tsValues.shape]);
        const gradAttrs = { ...attrs, inputShape: shape };
        const inputs = { dy, indices: tsIndices };
        const wasmDx = callKernel('MaxPool2dGrad', maxPool2dGradWasm(heap), { inputs, attrs: gradAttrs, backend });
        const tsDx = callKernel('MaxPool2dGrad', maxPool2dGrad, { inputs, attrs: gradAttrs, backend });
        expect(wasmDx.shape).toEqual(shape);
        expect(differences(read(wasmDx), read(tsDx))).toEqual([]);
      }
    });

    it(`average pooling and its gradient equal the TypeScript kernels bit for bit on ${threads} thread(s)`, async () => {
      await setNumThreads(threads);
      for (const [index, { shape, attrs }] of avgCases.entries()) {
        const size = shape.reduce((a, b) => a * b, 1);
        const x = tensor(values(size, index + 1, false), shape);
        const wasmY = callKernel('AvgPool2d', avgPool2dWasm(heap), { inputs: { x }, attrs, backend });
        const tsY = callKernel('AvgPool2d', avgPool2d, { inputs: { x }, attrs, backend });
        expect(wasmY.shape).toEqual(tsY.shape);
        expect(differences(read(wasmY), read(tsY))).toEqual([]);
        const dy = tensor(values(read(tsY).length, index + 100, false), [...tsY.shape]);
        const gradAttrs = { ...attrs, inputShape: shape };
        const wasmDx = callKernel('AvgPool2dGrad', avgPool2dGradWasm(heap), {
          inputs: { dy },
          attrs: gradAttrs,
          backend,
        });
        const tsDx = callKernel('AvgPool2dGrad', avgPool2dGrad, { inputs: { dy }, attrs: gradAttrs, backend });
        expect(differences(read(wasmDx), read(tsDx))).toEqual([]);
      }
    });
  }

  it('keeps the TypeScript kernels for float64', () => {
    const shape = [1, 1, 4, 4];
    const x: TensorInfo = {
      dataId: backend.write(
        Float64Array.from({ length: 16 }, (_, i) => i + 1 / 3),
        shape,
        'float64',
      ),
      shape,
      dtype: 'float64',
    };
    const attrs = maxCases[0]!.attrs;
    const [y] = callKernel('MaxPool2d', maxPool2dWasm(heap), { inputs: { x }, attrs, backend });
    expect(y.dtype).toBe('float64');
    expect([...read(y)]).toEqual([5, 7, 13, 15].map((i) => i + 1 / 3));
  });

  it('pools an empty batch', () => {
    const x = tensor(new Float32Array(0), [0, 3, 4, 4]);
    const [y, indices] = callKernel('MaxPool2d', maxPool2dWasm(heap), {
      inputs: { x },
      attrs: maxCases[0]!.attrs,
      backend,
    });
    expect(y.shape).toEqual([0, 3, 2, 2]);
    expect(read(indices).length).toBe(0);
  });
});
