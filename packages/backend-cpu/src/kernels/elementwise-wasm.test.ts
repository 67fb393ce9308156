import { compileExpr, Expr, elementwiseLayout, type Shape, type TensorInfo } from '@strata/core';
import { callKernel } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { WasmHeap } from '../wasm/wasm-heap.js';
import { elementwise } from './elementwise.js';
import { elementwiseWasm } from './elementwise-wasm.js';
import { wasmElementwise } from './elementwise-wasm-function.js';

const heap = requireWasmHeap();
const backend = new CpuBackend();
const kernel = elementwiseWasm(heap);

const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  -1.5,
  2.5,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  1.401298464324817e-45,
  -1.1754942106924411e-38,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  7,
  1e-3,
  123456.789,
];

/** The bit patterns of `values`, every NaN as one: JavaScript engines do not keep NaN payloads or signs. */
function bits(values: Float32Array): number[] {
  return [...new Uint32Array(values.buffer)].map((b, i) => (Number.isNaN(values[i]) ? 0x7fc00000 : b));
}

function tensor(values: number[], shape: Shape): TensorInfo {
  return { dataId: backend.write(Float32Array.from(values), shape, 'float32'), shape, dtype: 'float32' };
}

function run(func: typeof elementwise, xs: TensorInfo[], expr: Expr, outShape: Shape): number[] {
  const layout = elementwiseLayout(
    xs.map((x) => x.shape),
    outShape,
  );
  const out = callKernel('Elementwise', func, { inputs: { xs }, attrs: { name: 'test', expr, layout }, backend });
  return [...backend.readSync(out.dataId)];
}

/** Every pair of special values, with the second operand also as a broadcast row and a scalar. */
function pairs(): [TensorInfo, TensorInfo, Shape][] {
  const n = SPECIAL.length;
  const a = SPECIAL.flatMap((x) => SPECIAL.map(() => x));
  const b = SPECIAL.flatMap(() => SPECIAL);
  return [
    [tensor(a, [n, n]), tensor(b, [n, n]), [n, n]],
    [tensor(a, [n, n]), tensor(SPECIAL, [n]), [n, n]],
    [tensor(a, [n, n]), tensor([-0], []), [n, n]],
    [tensor([2.5], [1, 1]), tensor(b, [n, n]), [n, n]],
  ];
}

describe('Elementwise (cpu, generated WebAssembly)', () => {
  const x = Expr.input(0, 'float32');
  const y = Expr.input(1, 'float32');
  const cases: [string, Expr][] = [
    ['add', x.add(y)],
    ['sub', x.sub(y)],
    ['mul', x.mul(y)],
    ['div', x.div(y)],
    ['max', x.max(y)],
    ['min', x.min(y)],
    ['where(x < y)', Expr.where(x.lt(y), x, y)],
    ['eq as float', x.eq(y).cast('float32')],
    ['neg, sqrt, floor', x.neg().sqrt().add(y.floor())],
    ['abs, sign, round', x.abs().add(y.sign()).mul(x.round())],
    [
      'bool casts',
      x
        .cast('bool')
        .eq(y.cast('bool'))
        .cast('float32')
        .add(Expr.where(x.cast('bool'), 1.5, y)),
    ],
    ['constants', x.mul(0.1).add(y).clamp(-2, 3)],
    ['exp', x.exp().add(y)],
    ['exp of a difference', x.sub(y).exp()],
    ['sigmoid', x.sigmoid().mul(y)],
    ['tanh', x.tanh().sub(y.tanh())],
  ];

  for (const [name, expr] of cases) {
    it(`${name}: generates a loop and equals the JavaScript loop bit for bit`, () => {
      for (const [a, b, shape] of pairs()) {
        const layout = elementwiseLayout([a.shape, b.shape], shape);
        expect(wasmElementwise(heap, compileExpr(expr), layout)).toBeDefined();
        const got = new Float32Array(run(kernel, [a, b], expr, shape));
        const want = new Float32Array(run(elementwise, [a, b], expr, shape));
        expect(bits(got)).toEqual(bits(want));
      }
    });
  }

  it('walks every merged dimension with its strides, in rows of any length (vector part and tail)', () => {
    for (const inner of [1, 3, 4, 5, 8, 9, 12, 13, 17, 23]) {
      const shape = [3, 2, inner];
      const size = 6 * inner;
      const a = tensor(
        Array.from({ length: size }, (_, i) => i),
        shape,
      );
      const perChannel = tensor([100, 200, 300], [3, 1, 1]);
      const perColumn = tensor(
        Array.from({ length: 2 * inner }, (_, i) => 1000 * (i + 1)),
        [2, inner],
      );
      const expr = x.add(y).add(Expr.input(2, 'float32'));
      const got = run(kernel, [a, perChannel, perColumn], expr, shape);
      expect(got).toEqual(run(elementwise, [a, perChannel, perColumn], expr, shape));
    }
  });

  it('computes exp, sigmoid and tanh as the JavaScript loop does, bit for bit, over their whole range', () => {
    // Every 1/64 from -112 to 112 (both cut-offs of exp, sigmoid's and tanh's saturation), and
    // tiny magnitudes down to the subnormals (tanh's series, exp near 1).
    const sweep = Array.from({ length: 14337 }, (_, i) => (i - 7168) / 64);
    const tiny = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 1 : -1) * 2 ** -(i * 2.5));
    const values = tensor([...sweep, ...tiny], [sweep.length + tiny.length]);
    for (const expr of [x.exp(), x.sigmoid(), x.tanh(), x.neg().exp()]) {
      const shape = values.shape;
      expect(wasmElementwise(heap, compileExpr(expr), elementwiseLayout([shape], shape))).toBeDefined();
      const got = new Float32Array(run(kernel, [values], expr, shape));
      expect(bits(got)).toEqual(bits(new Float32Array(run(elementwise, [values], expr, shape))));
    }
  });

  it('leaves int32 results, log, erf and pow to the JavaScript loop', () => {
    const layout = elementwiseLayout([[4]], [4]);
    for (const expr of [x.log(), x.erf(), x.pow(y)]) {
      expect(wasmElementwise(heap, compileExpr(expr), elementwiseLayout([[4], [4]], [4]))).toBeUndefined();
    }
    expect(wasmElementwise(heap, compileExpr(x.cast('int32')), layout)).toBeUndefined();
    expect(wasmElementwise(heap, compileExpr(x.lt(0)), layout)).toBeUndefined();
    expect(run(kernel, [tensor([0, 1, -2, 0.5], [4])], x.log(), [4])).toEqual(
      run(elementwise, [tensor([0, 1, -2, 0.5], [4])], x.log(), [4]),
    );
  });

  it('imports the memory of its heap, shared (kernel threads) or not (a page without cross-origin isolation)', () => {
    const plain = new WasmHeap(heap.kernels, new WebAssembly.Memory({ initial: 1 }));
    const shared = new WasmHeap(heap.kernels, new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }));
    const a = tensor([1, 2, 3, 4, 5, 6], [6]);
    const b = tensor([10, 20, 30, 40, 50, 60], [6]);
    for (const h of [plain, shared]) {
      expect(run(elementwiseWasm(h), [a, b], x.mul(y), [6])).toEqual([10, 40, 90, 160, 250, 360]);
    }
  });

  it('compiles one module per expression structure and layout: constants are arguments', () => {
    const layout = elementwiseLayout([[8]], [8]);
    expect(wasmElementwise(heap, compileExpr(x.mul(2)), layout)).toBe(
      wasmElementwise(heap, compileExpr(x.mul(3)), layout),
    );
    expect(run(kernel, [tensor([1, 2, 3, 4, 5, 6, 7, 8], [8])], x.mul(3), [8])).toEqual([3, 6, 9, 12, 15, 18, 21, 24]);
  });
});
