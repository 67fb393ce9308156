import { callKernel } from '@strata/core/testing';
import { type Conv2dAttrs, type KernelFunc, type TensorInfo, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { CONV_CHUNK_FLOATS } from '../wasm/conv-plan.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { conv2d } from './conv2d.js';
import { conv2dWasm } from './conv2d-wasm.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter-wasm.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { conv2dBackpropInputWasm } from './conv2d-backprop-input-wasm.js';

// Largest error relative to the largest magnitude of the reference.
const FLOAT32_TOLERANCE = 1e-5;
const FLOAT64_TOLERANCE = 1e-12;

const backend = new CpuBackend();

function tensor(dtype: 'float32' | 'float64', shape: number[], seed: number): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  const values = Float64Array.from({ length: size }, (_, i) => uniformAt(seed, i) * 2 - 1);
  return { dataId: backend.write(values, shape, dtype), shape, dtype };
}

function read(info: TensorInfo): Float64Array {
  return Float64Array.from(backend.readSync(info.dataId));
}

function relativeError(actual: Float64Array, expected: Float64Array): number {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  return worst / Math.max(scale, 1e-30);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

interface Case {
  x: [number, number, number, number];
  w: [number, number, number, number];
  attrs: Conv2dAttrs;
}

/**
 * The direct seven-loop convolution, calling `visit(xIndex, wIndex, yIndex)` for every product
 * `x * w` that contributes to `y`; forward, input and filter gradients all come from it.
 */
function naive(c: Case, visit: (xi: number, wi: number, yi: number) => void): number[] {
  const [n, ch, h, w] = c.x;
  const [o, cg, kh, kw] = c.w;
  const [sh, sw] = c.attrs.strides;
  const [dh, dw] = c.attrs.dilations;
  const [pt, pb, pl, pr] = c.attrs.pad;
  const oh = Math.floor((h + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((w + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
  const og = o / c.attrs.groups;
  for (let b = 0; b < n; b++)
    for (let oc = 0; oc < o; oc++)
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++)
          for (let ic = 0; ic < cg; ic++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const ih = y * sh - pt + i * dh;
                const iw = xx * sw - pl + j * dw;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                const inChannel = Math.floor(oc / og) * cg + ic;
                visit(
                  ((b * ch + inChannel) * h + ih) * w + iw,
                  ((oc * cg + ic) * kh + i) * kw + j,
                  ((b * o + oc) * oh + y) * ow + xx,
                );
              }
  return [n, o, oh, ow];
}

const CASES: Case[] = [
  { x: [2, 3, 7, 6], w: [4, 3, 3, 3], attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 } },
  { x: [2, 3, 7, 6], w: [4, 3, 3, 3], attrs: { strides: [1, 1], pad: [1, 1, 1, 1], dilations: [1, 1], groups: 1 } },
  { x: [1, 2, 9, 8], w: [3, 2, 3, 2], attrs: { strides: [2, 1], pad: [1, 0, 2, 1], dilations: [1, 1], groups: 1 } },
  { x: [2, 2, 9, 9], w: [2, 2, 3, 3], attrs: { strides: [2, 2], pad: [1, 1, 1, 1], dilations: [2, 2], groups: 1 } },
  { x: [1, 4, 8, 7], w: [6, 2, 3, 3], attrs: { strides: [1, 2], pad: [2, 2, 0, 1], dilations: [1, 2], groups: 2 } },
  { x: [2, 4, 6, 6], w: [4, 1, 3, 3], attrs: { strides: [1, 1], pad: [1, 1, 1, 1], dilations: [1, 1], groups: 4 } },
  { x: [2, 4, 5, 5], w: [8, 2, 1, 1], attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 2 } },
  { x: [1, 3, 6, 5], w: [2, 3, 1, 1], attrs: { strides: [2, 2], pad: [1, 0, 0, 1], dilations: [1, 1], groups: 1 } },
  { x: [1, 1, 4, 4], w: [1, 1, 5, 5], attrs: { strides: [3, 3], pad: [2, 2, 2, 2], dilations: [1, 1], groups: 1 } },
  { x: [3, 1, 28, 28], w: [6, 1, 5, 5], attrs: { strides: [1, 1], pad: [2, 2, 2, 2], dilations: [1, 1], groups: 1 } },
  { x: [1, 6, 3, 3], w: [3, 2, 2, 2], attrs: { strides: [3, 3], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 3 } },
  { x: [5, 3, 12, 11], w: [4, 3, 3, 3], attrs: { strides: [1, 1], pad: [1, 1, 1, 1], dilations: [1, 1], groups: 1 } },
];

interface Kernels {
  conv2d: KernelFunc<'Conv2d', CpuBackend>;
  conv2dBackpropInput: KernelFunc<'Conv2dBackpropInput', CpuBackend>;
  conv2dBackpropFilter: KernelFunc<'Conv2dBackpropFilter', CpuBackend>;
}

const heap = requireWasmHeap();
const IMPLEMENTATIONS: Record<string, Kernels> = {
  typescript: { conv2d, conv2dBackpropInput, conv2dBackpropFilter },
  wasm: {
    conv2d: conv2dWasm(heap),
    conv2dBackpropInput: conv2dBackpropInputWasm(heap),
    conv2dBackpropFilter: conv2dBackpropFilterWasm(heap),
  },
  'wasm, direct kernels where they apply': {
    conv2d: conv2dWasm(heap, CONV_CHUNK_FLOATS, 'direct'),
    conv2dBackpropInput: conv2dBackpropInputWasm(heap, CONV_CHUNK_FLOATS, 'direct'),
    conv2dBackpropFilter: conv2dBackpropFilterWasm(heap),
  },
  'wasm, implicit GEMM where it applies': {
    conv2d: conv2dWasm(heap, CONV_CHUNK_FLOATS, 'implicit-gemm'),
    conv2dBackpropInput: conv2dBackpropInputWasm(heap, CONV_CHUNK_FLOATS, 'implicit-gemm'),
    conv2dBackpropFilter: conv2dBackpropFilterWasm(heap, CONV_CHUNK_FLOATS, 'implicit-gemm'),
  },
  'wasm, im2col + GEMM': {
    conv2d: conv2dWasm(heap, CONV_CHUNK_FLOATS, 'im2col'),
    conv2dBackpropInput: conv2dBackpropInputWasm(heap, CONV_CHUNK_FLOATS, 'im2col'),
    conv2dBackpropFilter: conv2dBackpropFilterWasm(heap),
  },
  // Chunks of one item here: every batch is split, and no chunk boundary may lose or double an item.
  'wasm, small chunks': {
    conv2d: conv2dWasm(heap, 600),
    conv2dBackpropInput: conv2dBackpropInputWasm(heap, 600),
    conv2dBackpropFilter: conv2dBackpropFilterWasm(heap, 600),
  },
};

function describeCase(c: Case): string {
  const a = c.attrs;
  return `x ${c.x} w ${c.w} stride ${a.strides} pad ${a.pad} dilation ${a.dilations} groups ${a.groups}`;
}

describe.each(Object.entries(IMPLEMENTATIONS))(
  'Conv2d, Conv2dBackpropInput, Conv2dBackpropFilter (%s)',
  (_, kernels) => {
    const { conv2d, conv2dBackpropInput, conv2dBackpropFilter } = kernels;
    for (const c of CASES) {
      for (const dtype of ['float32', 'float64'] as const) {
        const tolerance = dtype === 'float32' ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
        it(`${dtype} ${describeCase(c)} matches the direct loops`, () => {
          const x = tensor(dtype, c.x, 1);
          const w = tensor(dtype, c.w, 2);
          const xv = read(x);
          const wv = read(w);
          const yShape = naive(c, () => {});
          const dy = tensor(dtype, yShape, 3);
          const dyv = read(dy);

          const y = new Float64Array(dyv.length);
          const dx = new Float64Array(xv.length);
          const dw = new Float64Array(wv.length);
          naive(c, (xi, wi, yi) => {
            y[yi] += xv[xi] * wv[wi];
            dx[xi] += wv[wi] * dyv[yi];
            dw[wi] += xv[xi] * dyv[yi];
          });

          const out = callKernel('Conv2d', conv2d, { inputs: { x, filter: w }, attrs: c.attrs, backend });
          expect(out.shape).toEqual(yShape);
          expect(out.dtype).toBe(dtype);
          expect(backend.values(out.dataId)).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
          expect(relativeError(read(out), y)).toBeLessThanOrEqual(tolerance);

          const gx = callKernel('Conv2dBackpropInput', conv2dBackpropInput, {
            inputs: { dy, filter: w },
            attrs: { ...c.attrs, inputShape: c.x },
            backend,
          });
          expect(gx.shape).toEqual(c.x);
          expect(relativeError(read(gx), dx)).toBeLessThanOrEqual(tolerance);

          const gw = callKernel('Conv2dBackpropFilter', conv2dBackpropFilter, {
            inputs: { x, dy },
            attrs: { ...c.attrs, filterShape: c.w },
            backend,
          });
          expect(gw.shape).toEqual(c.w);
          expect(relativeError(read(gw), dw)).toBeLessThanOrEqual(tolerance);

          if (dtype === 'float64') {
            // The adjoint identity <conv(x, w), dy> = <x, dx> = <w, dw> ties the three kernels together.
            const forward = dot(read(out), dyv);
            expect(Math.abs(dot(xv, read(gx)) - forward)).toBeLessThanOrEqual(FLOAT64_TOLERANCE * dyv.length);
            expect(Math.abs(dot(wv, read(gw)) - forward)).toBeLessThanOrEqual(FLOAT64_TOLERANCE * dyv.length);
          }
        });
      }
    }

    it('handles an empty batch', () => {
      const attrs: Conv2dAttrs = { strides: [1, 1], pad: [1, 1, 1, 1], dilations: [1, 1], groups: 1 };
      const x = tensor('float32', [0, 2, 4, 4], 1);
      const w = tensor('float32', [3, 2, 3, 3], 2);
      const y = callKernel('Conv2d', conv2d, { inputs: { x, filter: w }, attrs, backend });
      expect(y.shape).toEqual([0, 3, 4, 4]);
      const dw = callKernel('Conv2dBackpropFilter', conv2dBackpropFilter, {
        inputs: { x, dy: y },
        attrs: { ...attrs, filterShape: w.shape },
        backend,
      });
      expect(backend.readSync(dw.dataId)).toEqual(new Float32Array(54));
    });
  },
);
