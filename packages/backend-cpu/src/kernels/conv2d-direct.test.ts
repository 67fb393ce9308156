import { type Conv2dAttrs, computeConv2dInfo, type Epilogue, Expr, type TensorInfo, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CONV_CHUNK_FLOATS, writeConvGeometry } from '../wasm/conv-plan.js';
import { DIRECT_CONV_MAX_PATCH, prefersDirectConv } from '../wasm/direct-conv-plan.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { directFilterGrad } from './conv2d-backprop-filter-direct.js';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter-wasm.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { conv2dBackpropInputWasm } from './conv2d-backprop-input-wasm.js';
import { conv2dWasm } from './conv2d-wasm.js';
import { applyEpilogue } from './epilogue.js';
import {
  backend,
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
const direct = conv2dWasm(heap, CONV_CHUNK_FLOATS, 'direct');
const im2col = conv2dWasm(heap, CONV_CHUNK_FLOATS, 'im2col');
// Chunks of about one item: the direct kernel's chunk loop may not lose or double an item.
const directSmallChunks = conv2dWasm(heap, 2000, 'direct');
const directInput = conv2dBackpropInputWasm(heap, CONV_CHUNK_FLOATS, 'direct');
const im2colInput = conv2dBackpropInputWasm(heap, CONV_CHUNK_FLOATS, 'im2col');
const directInputSmallChunks = conv2dBackpropInputWasm(heap, 2000, 'direct');
const directFilter = conv2dBackpropFilterWasm(heap, CONV_CHUNK_FLOATS, 'direct');
const directFilterSmallChunks = conv2dBackpropFilterWasm(heap, 2000, 'direct');

/**
 * A copy of the filter `w` of shape `s.w` whose filter row `kh` (of every filter and channel) is
 * `value`.
 */
function withFilterRow(w: TensorInfo, s: ConvShape, kh: number, value: number): TensorInfo {
  const [, , rows, cols] = s.w;
  const copy = Float32Array.from(values(w), (v, i) => (Math.floor(i / cols) % rows === kh ? value : v));
  return { ...w, dataId: backend.write(copy, w.shape, 'float32') };
}

// The output rows (of every plane) where `y` is finite.
function finiteRows(y: Float32Array, height: number, width: number): number[] {
  const rows = new Set<number>();
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) rows.add(Math.floor(i / width) % height);
  return [...rows].sort((a, b) => a - b);
}

// The rows of `y` (planes of `height` x `width`) numbered in `rows`, plane after plane.
function pickRows(y: Float32Array, height: number, width: number, rows: number[]): Float32Array {
  return y.filter((_, i) => rows.includes(Math.floor(i / width) % height));
}

/** A convolution of `i`'s pseudo-random shape: 1 to 8 channels per group, filters up to 5x5. */
function randomShape(i: number): ConvShape {
  const pick = (k: number, lo: number, hi: number) => lo + Math.floor(uniformAt(1000 + i, k) * (hi - lo + 1));
  const groups = pick(0, 1, 3);
  const cg = pick(1, 1, 8);
  const og = pick(2, 1, 9);
  const [kh, kw] = [pick(3, 1, 5), pick(4, 1, 5)];
  const strides: [number, number] = [pick(5, 1, 3), pick(6, 1, 3)];
  const dilations: [number, number] = [pick(7, 1, 2), pick(8, 1, 2)];
  const pad: [number, number, number, number] = [pick(9, 0, 2), pick(10, 0, 2), pick(11, 0, 2), pick(12, 0, 2)];
  // Inputs at least as large as the dilated filter (less the padding), odd and even sizes.
  const h = Math.max(1, dilations[0] * (kh - 1) + 1 - pad[0] - pad[1]) + pick(13, 0, 13);
  const w = Math.max(1, dilations[1] * (kw - 1) + 1 - pad[2] - pad[3]) + pick(14, 0, 13);
  const batch = i % 2 === 0 ? 1 : 3;
  return { x: [batch, groups * cg, h, w], w: [groups * og, cg, kh, kw], attrs: { strides, pad, dilations, groups } };
}

const SHAPES: ConvShape[] = [
  { x: [3, 1, 28, 28], w: [6, 1, 5, 5], attrs: { strides: [1, 1], pad: [2, 2, 2, 2], dilations: [1, 1], groups: 1 } },
  { x: [3, 6, 14, 14], w: [16, 6, 5, 5], attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 } },
  { x: [1, 8, 9, 7], w: [5, 8, 5, 5], attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 } },
  { x: [3, 3, 11, 13], w: [9, 1, 3, 3], attrs: { strides: [2, 3], pad: [1, 0, 2, 1], dilations: [2, 1], groups: 3 } },
  { x: [1, 2, 1, 1], w: [3, 2, 1, 1], attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 } },
  ...Array.from({ length: 120 }, (_, i) => randomShape(i)),
];

// The direct and im2col kernels add the same products, each rounded to float32, but need not add
// them in the same order (GEMM blocks the patch, col2im adds a tap at a time, and a kernel may fuse
// multiply-adds). Any order of n additions is within gamma_n * sum|terms| of the exact sum
// (gamma_n = n u / (1 - n u)), so two orders differ by at most twice that. sum|terms| is the same
// kernel on |x| and |w|, itself computed in float32 and so at least (1 - gamma_n) times the exact
// value. A wrong tap, offset or padding breaks the bound by orders of magnitude.
describe('the direct float32 convolution', () => {
  for (const s of SHAPES) {
    it(`matches im2col + GEMM within float32 rounding: ${describeShape(s)}`, () => {
      const [x, w] = [tensor(s.x, 1), tensor(s.w, 2)];
      const reference = values(conv(im2col, x, w, s.attrs));
      const scale = values(conv(im2col, tensor(s.x, 1, Math.abs), tensor(s.w, 2, Math.abs), s.attrs));
      for (const kernel of [direct, directSmallChunks]) {
        const y = conv(kernel, x, w, s.attrs);
        expect(y.shape).toEqual(computeConv2dInfo(s.x, s.w, s.attrs).outShape);
        expect(worstOverBound(values(y), reference, scale, s.w[1] * s.w[2] * s.w[3])).toBeLessThanOrEqual(1);
      }
    });
  }

  it('leaves out the filter rows that meet only padding rows: an infinite one there keeps the output finite', () => {
    // Output row 0 reads padding row -1 under filter row 0, and input rows 0 and 1 under the rest;
    // no column padding, whose products the SIMD rows do form. (PyTorch's oneDNN convolution also
    // keeps row 0 finite; its native one, like the im2col and GEMM kernels here, makes it NaN.)
    const s: ConvShape = {
      x: [2, 2, 5, 7],
      w: [3, 2, 3, 3],
      attrs: { strides: [1, 1], pad: [1, 1, 0, 0], dilations: [1, 1], groups: 1 },
    };
    const [x, w] = [tensor(s.x, 10, Math.abs), tensor(s.w, 11, Math.abs)];
    const y = values(conv(direct, x, withFilterRow(w, s, 0, Number.POSITIVE_INFINITY), s.attrs));
    // The products that only padding met are left out, so row 0 is that of the filter row zeroed.
    const zeroed = values(conv(direct, x, withFilterRow(w, s, 0, 0), s.attrs));
    const [height, width] = [5, 5];
    expect(finiteRows(y, height, width)).toEqual([0]);
    expect(pickRows(y, height, width, [0])).toEqual(pickRows(zeroed, height, width, [0]));
    expect(pickRows(y, height, width, [1, 2, 3, 4]).every((v) => v === Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('applies a bias + ReLU epilogue in the heap, equal to the epilogue applied afterwards', () => {
    const s = SHAPES[1];
    const [x, w, b] = [tensor(s.x, 3), tensor(s.w, 4), tensor([s.w[0]], 5)];
    const v = Expr.input(0, 'float32');
    const epilogue: Epilogue = { name: 'relu', expr: v.add(Expr.input(1, 'float32')).max(0), vjp: null };
    const fused = values(conv(direct, x, w, { ...s.attrs, epilogue }, b));
    const separate = Float32Array.from(values(conv(direct, x, w, s.attrs)));
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

/**
 * The convolution of `s` summed as the direct kernel sums each output: from zero over the taps
 * (channel, kh, kw) in order whose input row is inside the input, one float32 product and one
 * float32 sum a tap, padding columns taken as zeros.
 */
function orderedConv(x: Float32Array, w: Float32Array, s: ConvShape): Float32Array {
  const info = computeConv2dInfo(s.x, s.w, s.attrs);
  const [, , kh, kw] = s.w;
  const [height, width] = [s.x[2], s.x[3]];
  const [sh, sw] = s.attrs.strides;
  const [dh, dw] = s.attrs.dilations;
  const [top, , left] = s.attrs.pad;
  const [cg, og] = [info.inChannelsPerGroup, info.outChannelsPerGroup];
  const [oh, ow] = [info.outHeight, info.outWidth];
  const y = new Float32Array(info.batch * info.outChannels * oh * ow);
  for (let n = 0, i = 0; n < info.batch; n++) {
    for (let o = 0; o < info.outChannels; o++) {
      const first = Math.floor(o / og) * cg;
      for (let r = 0; r < oh; r++) {
        for (let q = 0; q < ow; q++, i++) {
          let sum = 0;
          for (let c = 0; c < cg; c++) {
            for (let a = 0; a < kh; a++) {
              const ih = r * sh - top + a * dh;
              if (ih < 0 || ih >= height) continue;
              for (let b = 0; b < kw; b++) {
                const iw = q * sw - left + b * dw;
                const xv = iw < 0 || iw >= width ? 0 : x[((n * s.x[1] + first + c) * height + ih) * width + iw]!;
                sum = Math.fround(sum + Math.fround(w[((o * cg + c) * kh + a) * kw + b]! * xv));
              }
            }
          }
          y[i] = sum;
        }
      }
    }
  }
  return y;
}

// Each float as a string that tells -0 from 0 and keeps inf and NaN.
const floatKeys = (y: Float32Array) => Array.from(y, (v) => (Object.is(v, -0) ? '-0' : String(v)));

// Rows that end in a partial vector at stride_h 1 with no padding rows take flat tiles of 16
// consecutive outputs that span rows; padding rows keep the row tiles. Both sum in tap order.
describe("the direct convolution's flat and row tiles", () => {
  it('keeps wide planes in rows, whose padded copy fits the GEMM scratch the threads lend', () => {
    const scratchFloats = (x: number[], w: number[]) => {
      heap.reset();
      const attrs: Conv2dAttrs = { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 };
      return heap.kernels.conv2d_direct_scratch_floats(writeConvGeometry(heap, computeConv2dInfo(x, w, attrs)));
    };
    const lent = heap.kernels.sgemm_scratch_floats();
    // 218-wide rows end in a partial vector, but the flat copies (7 per channel) would not fit:
    // the padded planes are 224 rows of 218 columns and 2 + 6 more.
    const wide = scratchFloats([1, 3, 224, 224], [4, 3, 7, 7]);
    expect(wide).toBeLessThanOrEqual(lent);
    expect(wide).toBe(3 * (224 * 226 + 49));
    // LeNet's conv2 (10-wide rows) still takes the flat copies: 5 per channel, 14 rows of 10 and 4 floats more.
    expect(scratchFloats([1, 6, 14, 14], [16, 6, 5, 5])).toBe(6 * (5 * 144 + 25));
  });

  const shapes: ConvShape[] = [
    // LeNet's conv2, flat: 10 x 10 outputs, 6 tiles of 16 and one of 4.
    {
      x: [3, 6, 14, 14],
      w: [16, 6, 5, 5],
      attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 },
    },
    // Flat with padding columns, column stride 2, an odd output channel and groups: 4 x 5 outputs.
    { x: [2, 4, 6, 9], w: [6, 2, 3, 3], attrs: { strides: [1, 2], pad: [0, 0, 1, 1], dilations: [1, 1], groups: 2 } },
    // Flat with dilated rows and a last tile of one float: 7 x 7 outputs.
    { x: [1, 3, 9, 7], w: [5, 3, 2, 3], attrs: { strides: [1, 1], pad: [0, 0, 2, 0], dilations: [2, 1], groups: 1 } },
    // Rows: padding rows above and below, 5-wide rows.
    { x: [2, 2, 5, 7], w: [3, 2, 3, 3], attrs: { strides: [1, 1], pad: [1, 1, 0, 0], dilations: [1, 1], groups: 1 } },
    // Rows: LeNet's conv2 input gradient as a convolution, dy padded by 4 (14 x 14 outputs).
    {
      x: [2, 16, 10, 10],
      w: [6, 16, 5, 5],
      attrs: { strides: [1, 1], pad: [4, 4, 4, 4], dilations: [1, 1], groups: 1 },
    },
  ];
  for (const s of shapes) {
    it(`give every output the bits of its taps summed in order, in one chunk or several: ${describeShape(s)}`, () => {
      const [x, w] = [tensor(s.x, 16), tensor(s.w, 17)];
      const expected = floatKeys(orderedConv(values(x), values(w), s));
      for (const kernel of [direct, directSmallChunks])
        expect(floatKeys(values(conv(kernel, x, w, s.attrs)))).toEqual(expected);
    });
  }

  it('keep each infinite input within the outputs that read it, where flat tiles span rows', () => {
    // 5 x 5 outputs at column stride 2, flat tiles of 16 and 9 outputs. Input column 10 is read
    // by no output; input (2, 6) by outputs (1, 3) and (2, 3); channel 1's row 5, columns 0 to 2,
    // by outputs (4, 0) and (4, 1) alone.
    const s: ConvShape = {
      x: [1, 2, 6, 11],
      w: [3, 2, 2, 2],
      attrs: { strides: [1, 2], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 },
    };
    expect(computeConv2dInfo(s.x, s.w, s.attrs).outShape).toEqual([1, 3, 5, 5]);
    const x = tensor(s.x, 18);
    const inputs = values(x);
    for (let r = 0; r < 12; r++) inputs[r * 11 + 10] = Number.NaN;
    inputs[2 * 11 + 6] = Number.POSITIVE_INFINITY;
    inputs.fill(Number.NEGATIVE_INFINITY, 66 + 5 * 11, 66 + 5 * 11 + 3);
    const w = tensor(s.w, 19, (v) => Math.abs(v) + 0.5);
    const y = values(conv(direct, x, w, s.attrs));
    const expected = orderedConv(inputs, values(w), s);
    expect(floatKeys(y)).toEqual(floatKeys(expected));
    expect(Array.from(y).filter((v) => !Number.isFinite(v)).length).toBe(3 * 4);
    expect(y.every((v) => !Number.isNaN(v))).toBe(true);
  });
});

describe('the input gradient as a direct convolution (stride 1)', () => {
  for (const s of SHAPES) {
    if (!inputGradientIsConvolution(s)) continue;
    const info = computeConv2dInfo(s.x, s.w, s.attrs);
    const [kh, kw] = [s.w[2], s.w[3]];
    it(`matches GEMM + col2im within float32 rounding: ${describeShape(s)}`, () => {
      const [dy, w] = [tensor(info.outShape, 3), tensor(s.w, 2)];
      const reference = values(convInput(im2colInput, dy, w, s));
      const scale = values(convInput(im2colInput, tensor(info.outShape, 3, Math.abs), tensor(s.w, 2, Math.abs), s));
      for (const kernel of [directInput, directInputSmallChunks]) {
        const dx = convInput(kernel, dy, w, s);
        expect(dx.shape).toEqual(s.x);
        const terms = info.outChannelsPerGroup * kh * kw;
        expect(worstOverBound(values(dx), reference, scale, terms)).toBeLessThanOrEqual(1);
      }
    });
  }
  it('leaves out the products of padding rows, as the TypeScript kernel does: an infinite filter row they alone meet', () => {
    // dy is padded by 2 rows above and below and no columns; dx rows 0 and 1 meet filter row 2
    // only in dy's padding, so they stay finite, as in the TypeScript kernel (which forms no
    // products with padding: GEMM then col2im), and rows 2 to 4 are inf or NaN as there.
    const s: ConvShape = {
      x: [2, 2, 5, 4],
      w: [3, 2, 3, 3],
      attrs: { strides: [1, 1], pad: [0, 0, 2, 2], dilations: [1, 1], groups: 1 },
    };
    const info = computeConv2dInfo(s.x, s.w, s.attrs);
    const [dy, w] = [tensor(info.outShape, 12), tensor(s.w, 13)];
    const infinite = withFilterRow(w, s, 2, Number.POSITIVE_INFINITY);
    const reference = values(convInput(conv2dBackpropInput, dy, infinite, s));
    const dx = values(convInput(directInput, dy, infinite, s));
    const [height, width] = [5, 4];
    expect(finiteRows(reference, height, width)).toEqual([0, 1]);
    expect(finiteRows(dx, height, width)).toEqual([0, 1]);
    const nonFinite = (y: Float32Array) => Array.from(pickRows(y, height, width, [2, 3, 4]), String);
    expect(nonFinite(dx)).toEqual(nonFinite(reference));
    const absolute = withFilterRow(tensor(s.w, 13, Math.abs), s, 2, 0);
    const scale = values(convInput(conv2dBackpropInput, tensor(info.outShape, 12, Math.abs), absolute, s));
    const finite = (y: Float32Array) => pickRows(y, height, width, [0, 1]);
    expect(worstOverBound(finite(dx), finite(reference), finite(scale), 9 * s.w[0])).toBeLessThanOrEqual(1);
  });
});

// The reference is the TypeScript kernel, which sums each filter element's products over items
// and output positions in another order (in double); the same bound as above, over the
// `batch * OH * OW` terms of each sum.
describe('the direct filter gradient', () => {
  for (const s of SHAPES) {
    const info = computeConv2dInfo(s.x, s.w, s.attrs);
    it(`matches the TypeScript kernel within float32 rounding: ${describeShape(s)}`, () => {
      const [x, dy] = [tensor(s.x, 6), tensor(info.outShape, 7)];
      const reference = values(convFilter(conv2dBackpropFilter, x, dy, s));
      const scale = values(
        convFilter(conv2dBackpropFilter, tensor(s.x, 6, Math.abs), tensor(info.outShape, 7, Math.abs), s),
      );
      for (const kernel of [directFilter, directFilterSmallChunks]) {
        const dw = convFilter(kernel, x, dy, s);
        expect(dw.shape).toEqual(s.w);
        expect(values(dw).every(Number.isFinite)).toBe(true);
        const terms = info.batch * info.outHeight * info.outWidth;
        expect(worstOverBound(values(dw), reference, scale, terms)).toBeLessThanOrEqual(1);
      }
    });
  }

  // The kernel sums blocks of items in registers; chunks of about one item end blocks midway.
  for (const s of [SHAPES[3]!, { ...SHAPES[1]!, x: [12, 6, 14, 14] } satisfies ConvShape]) {
    it(`gives the same bits whether x and dy lie in the heap or are copied there, in one chunk or several: ${describeShape(s)}`, () => {
      const info = computeConv2dInfo(s.x, s.w, s.attrs);
      const [x, dy] = [values(tensor(s.x, 14)), values(tensor(info.outShape, 15))];
      expect([heap.isView(x), heap.isView(dy)]).toEqual([true, true]);
      const gradient = (x: Float32Array, dy: Float32Array, chunkFloats: number) => {
        const out = new Float32Array(s.w.reduce((a, b) => a * b, 1));
        directFilterGrad(heap, info, x, dy, out, chunkFloats);
        return out;
      };
      const inPlace = gradient(x, dy, CONV_CHUNK_FLOATS);
      expect(inPlace.some((v) => v !== 0)).toBe(true);
      for (const chunkFloats of [CONV_CHUNK_FLOATS, 2000, 30000]) {
        expect(gradient(Float32Array.from(x), Float32Array.from(dy), chunkFloats)).toEqual(inPlace);
        expect(gradient(x, dy, chunkFloats)).toEqual(inPlace);
      }
    });
  }

  it('keeps an infinite input that no output reads out of the sums', () => {
    // Stride 2 over 15 columns with a 2-wide filter: 7 outputs, reading columns 0 to 13; the
    // padded copy puts column 14 in the SIMD lane after output 6 of the first tap.
    const s: ConvShape = {
      x: [1, 1, 3, 15],
      w: [2, 1, 1, 2],
      attrs: { strides: [1, 2], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 },
    };
    const info = computeConv2dInfo(s.x, s.w, s.attrs);
    expect(info.outWidth).toBe(7);
    const x = tensor(s.x, 8);
    for (let r = 0; r < 3; r++) values(x)[r * 15 + 14] = Number.POSITIVE_INFINITY;
    const dy = tensor(info.outShape, 9);
    const reference = values(convFilter(conv2dBackpropFilter, x, dy, s));
    const scale = values(
      convFilter(conv2dBackpropFilter, tensor(s.x, 8, Math.abs), tensor(info.outShape, 9, Math.abs), s),
    );
    const dw = values(convFilter(directFilter, x, dy, s));
    expect([reference.every(Number.isFinite), dw.every(Number.isFinite)]).toEqual([true, true]);
    expect(worstOverBound(dw, reference, scale, 21)).toBeLessThanOrEqual(1);
  });
  it('keeps an infinite input row out of the filter rows that do not read it, where dy planes are walked flat', () => {
    // 3 x 5 outputs: each dy plane is walked as 15 floats, whose last vector reaches one lane past
    // the outputs, which at filter row 0 is input row 3, read only by filter row 1.
    const s: ConvShape = {
      x: [1, 1, 4, 6],
      w: [2, 1, 2, 2],
      attrs: { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 },
    };
    const info = computeConv2dInfo(s.x, s.w, s.attrs);
    expect([info.outHeight, info.outWidth]).toEqual([3, 5]);
    const x = tensor(s.x, 10);
    values(x).fill(Number.POSITIVE_INFINITY, 18, 24);
    const dy = tensor(info.outShape, 11);
    const reference = values(convFilter(conv2dBackpropFilter, x, dy, s));
    const dw = values(convFilter(directFilter, x, dy, s));
    // dW is [2, 1, 2, 2]: taps 0 and 1 of each filter are filter row 0.
    const filterRow = (y: Float32Array, kh: number) => y.filter((_, i) => Math.floor(i / 2) % 2 === kh);
    expect(filterRow(reference, 0).every(Number.isFinite)).toBe(true);
    expect(filterRow(dw, 0).every(Number.isFinite)).toBe(true);
    expect(Array.from(filterRow(dw, 1), String)).toEqual(Array.from(filterRow(reference, 1), String));
    const scale = values(
      convFilter(conv2dBackpropFilter, tensor(s.x, 10, Math.abs), tensor(info.outShape, 11, Math.abs), s),
    );
    expect(
      worstOverBound(filterRow(dw, 0), filterRow(reference, 0), filterRow(scale, 0), info.outHeight * info.outWidth),
    ).toBeLessThanOrEqual(1);
  });
});

describe('prefersDirectConv', () => {
  const attrs: Conv2dAttrs = { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], groups: 1 };
  it("takes the direct kernel for LeNet's convolutions", () => {
    expect(prefersDirectConv(computeConv2dInfo([256, 1, 28, 28], [6, 1, 5, 5], { ...attrs, pad: [2, 2, 2, 2] }))).toBe(
      true,
    );
    expect(prefersDirectConv(computeConv2dInfo([256, 6, 14, 14], [16, 6, 5, 5], attrs))).toBe(true);
    // conv2's input gradient: dy convolved with the flipped, transposed filter, padded by 4.
    expect(
      prefersDirectConv(computeConv2dInfo([256, 16, 10, 10], [6, 16, 5, 5], { ...attrs, pad: [4, 4, 4, 4] })),
    ).toBe(true);
  });
  it(`takes im2col + GEMM above a patch of ${DIRECT_CONV_MAX_PATCH}, for outputs under 4 wide, and for many channels on narrow rows`, () => {
    expect(prefersDirectConv(computeConv2dInfo([8, 64, 16, 16], [64, 64, 3, 3], attrs))).toBe(false);
    expect(prefersDirectConv(computeConv2dInfo([8, 3, 5, 3], [4, 3, 3, 3], attrs))).toBe(false);
    expect(prefersDirectConv(computeConv2dInfo([8, 16, 10, 10], [32, 16, 3, 3], attrs))).toBe(false);
    expect(prefersDirectConv(computeConv2dInfo([8, 16, 14, 14], [32, 16, 3, 3], attrs))).toBe(true);
  });
});
