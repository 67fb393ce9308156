import { type Conv2dAttrs, computeConv2dInfo, type Epilogue, Expr, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CONV_CHUNK_FLOATS } from '../wasm/conv-plan.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { conv2d } from './conv2d.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter-wasm.js';
import { conv2dBackpropInputWasm } from './conv2d-backprop-input-wasm.js';
import { conv2dWasm, convolveWasm } from './conv2d-wasm.js';
import { applyEpilogue } from './epilogue.js';
import {
  conv,
  convFilter,
  convInput,
  type ConvShape,
  describeShape,
  inputGradientIsConvolution,
  tensor,
  values,
  worstOverBound,
} from './__fixtures__/conv-sweep.js';

const heap = requireWasmHeap();
const implicit = conv2dWasm(heap, CONV_CHUNK_FLOATS, 'implicit-gemm');
const im2col = conv2dWasm(heap, CONV_CHUNK_FLOATS, 'im2col');
const implicitFilter = conv2dBackpropFilterWasm(heap, CONV_CHUNK_FLOATS, 'implicit-gemm');
const im2colFilter = conv2dBackpropFilterWasm(heap, CONV_CHUNK_FLOATS, 'im2col');
const implicitInput = conv2dBackpropInputWasm(heap, CONV_CHUNK_FLOATS, 'implicit-gemm');
const im2colInput = conv2dBackpropInputWasm(heap, CONV_CHUNK_FLOATS, 'im2col');
// Chunks of about one item: the implicit filter gradient sums in the im2col pass's chunks.
const implicitFilterSmallChunks = conv2dBackpropFilterWasm(heap, 3000, 'implicit-gemm');
const im2colFilterSmallChunks = conv2dBackpropFilterWasm(heap, 3000, 'im2col');

const same = (pad: number): Conv2dAttrs => ({
  strides: [1, 1],
  pad: [pad, pad, pad, pad],
  dilations: [1, 1],
  groups: 1,
});

/**
 * A convolution of `i`'s pseudo-random shape: up to 40 channels per group (patches past the
 * GEMM's 256-row block), up to 70 filters per group (partial 4-row tiles), filters up to 5x5,
 * planes whose widths and sizes are rarely multiples of 8, batches of 1 to 5.
 */
function randomShape(i: number): ConvShape {
  const pick = (k: number, lo: number, hi: number) => lo + Math.floor(uniformAt(3000 + i, k) * (hi - lo + 1));
  const groups = pick(0, 1, 3);
  const cg = pick(1, 1, 40);
  const og = pick(2, 1, 70);
  const kernel = [1, 3, 5][pick(3, 0, 2)]!;
  const kw = pick(4, 0, 3) === 0 ? pick(5, 1, 5) : kernel;
  const strides: [number, number] = [pick(6, 1, 2), pick(7, 1, 3)];
  const dilations: [number, number] = [pick(8, 1, 2), pick(9, 1, 2)];
  const pad: [number, number, number, number] = [pick(10, 0, 2), pick(11, 0, 2), pick(12, 0, 2), pick(13, 0, 2)];
  const h = Math.max(1, dilations[0] * (kernel - 1) + 1 - pad[0] - pad[1]) + pick(14, 0, 12);
  const w = Math.max(1, dilations[1] * (kw - 1) + 1 - pad[2] - pad[3]) + pick(15, 0, 20);
  const batch = pick(16, 1, 5);
  return {
    x: [batch, groups * cg, h, w],
    w: [groups * og, cg, kernel, kw],
    attrs: { strides, pad, dilations, groups },
  };
}

const SHAPES: ConvShape[] = [
  // ResNet's 3x3 convolutions (fewer items), a 1x1 projection at stride 2, and planes of 1 and 4.
  { x: [2, 16, 32, 32], w: [16, 16, 3, 3], attrs: same(1) },
  { x: [3, 32, 16, 16], w: [32, 32, 3, 3], attrs: same(1) },
  { x: [4, 64, 8, 8], w: [64, 64, 3, 3], attrs: same(1) },
  { x: [3, 32, 8, 8], w: [64, 32, 1, 1], attrs: { ...same(0), strides: [2, 2] } },
  { x: [5, 32, 2, 2], w: [32, 32, 3, 3], attrs: same(1) },
  { x: [7, 24, 1, 1], w: [20, 24, 3, 3], attrs: same(1) },
  { x: [2, 3, 13, 21], w: [10, 3, 5, 5], attrs: { ...same(2), strides: [2, 2] } },
  ...Array.from({ length: 80 }, (_, i) => randomShape(i)),
];

/** How many elements of `a` and `b` differ in their bits. */
function bitDifferences(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  const [ua, ub] = [
    new Uint32Array(a.buffer, a.byteOffset, a.length),
    new Uint32Array(b.buffer, b.byteOffset, b.length),
  ];
  let differ = 0;
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) differ++;
  return differ;
}

// The implicit GEMM packs the same im2col rows, in the same order and blocking, as im2col +
// sgemm, so its outputs are those bits exactly. The TypeScript kernel sums in another order (in
// double): any order of n float32 additions is within gamma_n * sum|terms| of the exact sum
// (gamma_n = n u / (1 - n u)), so the two differ by at most twice that; sum|terms| is the
// TypeScript kernel on |x| and |w|. A wrong tap, offset or padding breaks either check.
describe('the implicit-GEMM float32 convolution', () => {
  for (const s of SHAPES) {
    it(`equals im2col + GEMM to the bit and the TypeScript kernel within float32 rounding: ${describeShape(s)}`, () => {
      const [x, w] = [tensor(s.x, 1), tensor(s.w, 2)];
      const y = conv(implicit, x, w, s.attrs);
      expect(y.shape).toEqual(computeConv2dInfo(s.x, s.w, s.attrs).outShape);
      expect(bitDifferences(values(y), values(conv(im2col, x, w, s.attrs)))).toBe(0);
      const reference = values(conv(conv2d, x, w, s.attrs));
      const scale = values(conv(conv2d, tensor(s.x, 1, Math.abs), tensor(s.w, 2, Math.abs), s.attrs));
      expect(worstOverBound(values(y), reference, scale, s.w[1] * s.w[2] * s.w[3])).toBeLessThanOrEqual(1);
    });
  }

  it('keeps infinities in the input out of the outputs whose windows miss them', () => {
    // Padding reads zero, not a neighbouring row's, item's or channel's pixel.
    const s: ConvShape = { x: [3, 4, 5, 6], w: [8, 4, 3, 3], attrs: same(1) };
    const x = Float32Array.from({ length: 3 * 4 * 5 * 6 }, (_, i) => (i % 30 === 29 ? Infinity : 1));
    const info = computeConv2dInfo(s.x, s.w, s.attrs);
    const y = new Float32Array(info.batch * info.outChannels * info.outHeight * info.outWidth);
    const reference = new Float32Array(y.length);
    const w = new Float32Array(8 * 4 * 9).fill(1);
    convolveWasm(heap, info, x, w, y, CONV_CHUNK_FLOATS, 'implicit-gemm');
    convolveWasm(heap, info, x, w, reference, CONV_CHUNK_FLOATS, 'im2col');
    expect(bitDifferences(y, reference)).toBe(0);
    expect(y.filter((v) => v === Infinity).length).toBe(info.batch * info.outChannels * 4);
    expect(y.every((v) => v === Infinity || v === 36 || v === 24 || v === 16)).toBe(true);
  });

  it('applies a bias + ReLU epilogue in the heap, equal to the epilogue applied afterwards', () => {
    const s = SHAPES[1]!;
    const [x, w, b] = [tensor(s.x, 3), tensor(s.w, 4), tensor([s.w[0]], 5)];
    const v = Expr.input(0, 'float32');
    const epilogue: Epilogue = { name: 'relu', expr: v.add(Expr.input(1, 'float32')).max(0), vjp: null };
    const fused = values(conv(implicit, x, w, { ...s.attrs, epilogue }, b));
    const separate = Float32Array.from(values(conv(implicit, x, w, s.attrs)));
    const info = computeConv2dInfo(s.x, s.w, s.attrs);
    applyEpilogue(epilogue, separate, values(b), {
      outer: info.batch,
      channels: info.outChannels,
      inner: info.outHeight * info.outWidth,
    });
    expect(fused).toEqual(separate);
    expect(separate.some((y) => y === 0) && separate.some((y) => y > 0)).toBe(true);
  });
});

// At stride 1 the input gradient is the implicit-GEMM convolution of dy with the flipped filter;
// GEMM + col2im adds the same products in another order, so the two agree within the bound above,
// with sum|terms| from |dy| and |w|.
describe('the input gradient as an implicit-GEMM convolution (stride 1)', () => {
  for (const s of SHAPES) {
    if (!inputGradientIsConvolution(s)) continue;
    it(`matches GEMM + col2im within float32 rounding: ${describeShape(s)}`, () => {
      const info = computeConv2dInfo(s.x, s.w, s.attrs);
      const [dy, w] = [tensor(info.outShape, 3), tensor(s.w, 2)];
      const reference = values(convInput(im2colInput, dy, w, s));
      const scale = values(convInput(im2colInput, tensor(info.outShape, 3, Math.abs), tensor(s.w, 2, Math.abs), s));
      const dx = convInput(implicitInput, dy, w, s);
      expect(dx.shape).toEqual(s.x);
      const terms = info.outChannelsPerGroup * s.w[2] * s.w[3];
      expect(worstOverBound(values(dx), reference, scale, terms)).toBeLessThanOrEqual(1);
    });
  }
});

// The same two checks for the filter gradient, whose sums run over the `batch * OH * OW` output
// positions, in the im2col pass's batch chunks.
describe('the implicit-GEMM float32 filter gradient', () => {
  for (const s of SHAPES) {
    const info = computeConv2dInfo(s.x, s.w, s.attrs);
    it(`equals im2col + GEMM to the bit and the TypeScript kernel within float32 rounding: ${describeShape(s)}`, () => {
      const [x, dy] = [tensor(s.x, 6), tensor(info.outShape, 7)];
      const dw = convFilter(implicitFilter, x, dy, s);
      expect(dw.shape).toEqual(s.w);
      expect(bitDifferences(values(dw), values(convFilter(im2colFilter, x, dy, s)))).toBe(0);
      const chunked = values(convFilter(implicitFilterSmallChunks, x, dy, s));
      expect(bitDifferences(chunked, values(convFilter(im2colFilterSmallChunks, x, dy, s)))).toBe(0);
      const reference = values(convFilter(conv2dBackpropFilter, x, dy, s));
      const scale = values(
        convFilter(conv2dBackpropFilter, tensor(s.x, 6, Math.abs), tensor(info.outShape, 7, Math.abs), s),
      );
      const terms = info.batch * info.outHeight * info.outWidth;
      for (const got of [values(dw), chunked]) {
        expect(worstOverBound(got, reference, scale, terms)).toBeLessThanOrEqual(1);
      }
    });
  }
});
