import { compileExpr, type DType, Expr, elementwiseLayout, makeTypedArray, type TypedArray } from '@strata/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { interpretedLoop } from './elementwise-interpreter.js';
import { elementwiseLoop } from './elementwise-js.js';

const FLOATS = [0, -0, 1, -1, 0.5, -1.5, 2.5, 3, 1e-40, 3e38, -7.25, Infinity, -Infinity, Number.NaN];
const INTS = [0, 1, -1, 2, -3, 7, 2147483647, -2147483648];

function values(dtype: DType): number[] {
  return dtype === 'bool' ? [0, 1] : dtype === 'int32' ? INTS : FLOATS;
}

/** Every pair of special values of `dtype`: a full operand and a broadcast row. */
function operands(dtype: DType): { a: TypedArray; b: TypedArray; n: number } {
  const v = values(dtype);
  const a = makeTypedArray(dtype, v.length * v.length);
  a.set(v.flatMap((x) => v.map(() => x)));
  const b = makeTypedArray(dtype, v.length);
  b.set(v);
  return { a, b, n: v.length };
}

/** The interpreter's and the generated loop's results of `expr(x, y)` over every pair. */
function both(dtype: DType, expr: (x: Expr, y: Expr) => Expr): [number[], number[]] {
  const { a, b, n } = operands(dtype);
  const e = expr(Expr.input(0, dtype), Expr.input(1, dtype));
  const program = compileExpr(e);
  const layout = elementwiseLayout([[n, n], [n]], [n, n]);
  const run = (loop: typeof interpretedLoop extends (p: never) => infer L ? L : never) => {
    const out = makeTypedArray(e.dtype, n * n);
    loop([a, b], [out], layout.dims, layout.strides, program.constants);
    return [...out];
  };
  return [run(interpretedLoop(program)), run(elementwiseLoop(program, layout))];
}

describe('Elementwise interpreter (cpu, no generated code)', () => {
  const cases: [string, DType[], (x: Expr, y: Expr) => Expr][] = [
    ['add, mul', ['float32', 'float64', 'int32'], (x, y) => x.add(y).mul(y).add(x.mul(x))],
    ['div', ['float32', 'float64'], (x, y) => x.div(y).add(y.div(x.add(1)))],
    ['max, min, where', ['float32', 'float64', 'int32'], (x, y) => Expr.where(x.lt(y), x.max(y), x.min(y))],
    [
      'eq, casts',
      ['float32', 'float64', 'int32', 'bool'],
      (x, y) => x.eq(y).cast('int32').add(x.cast('bool').cast('int32')),
    ],
    ['pow', ['float32', 'float64', 'int32'], (x, y) => x.pow(y)],
    ['neg, exp, log, sqrt', ['float32', 'float64'], (x, y) => x.neg().exp().add(y.log()).add(x.sqrt())],
    ['tanh, sigmoid, erf, floor', ['float32', 'float64'], (x, y) => x.tanh().add(y.sigmoid()).mul(x.erf()).floor()],
    [
      'casts between every dtype',
      ['float32', 'float64', 'int32'],
      (x) => x.cast('float32').add(x.cast('float64').cast('float32')).cast('int32').cast('float64'),
    ],
  ];
  for (const [name, dtypes, expr] of cases) {
    it(`${name}: the same values as the generated loop (${dtypes.join(', ')})`, () => {
      for (const dtype of dtypes) {
        const [interpreted, generated] = both(dtype, expr);
        expect(interpreted).toEqual(generated);
      }
    });
  }

  it('reads a broadcast operand along every merged dimension, and a scalar output', () => {
    const x = Expr.input(0, 'float32');
    const y = Expr.input(1, 'float32');
    const layout = elementwiseLayout(
      [
        [2, 1, 3],
        [4, 1],
      ],
      [2, 4, 3],
    );
    const program = compileExpr(x.mul(10).add(y));
    const out = new Float32Array(24);
    interpretedLoop(program)(
      [Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([0.5, 0.25, 0.125, 0])],
      [out],
      layout.dims,
      layout.strides,
      program.constants,
    );
    const want = [0, 1].flatMap((i) =>
      [0.5, 0.25, 0.125, 0].flatMap((c) => [1, 2, 3].map((j) => (3 * i + j) * 10 + c)),
    );
    expect([...out]).toEqual(want);
    const scalar = new Float32Array(1);
    const one = elementwiseLayout([[]], []);
    interpretedLoop(compileExpr(x.neg()))([Float32Array.from([2])], [scalar], one.dims, one.strides, []);
    expect([...scalar]).toEqual([-2]);
  });

  describe('where the runtime refuses `new Function` (a CSP without unsafe-eval)', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('falls back to the interpreter instead of failing', () => {
      const refused = vi.fn(function refuse() {
        throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed.");
      });
      vi.stubGlobal('Function', refused);
      // A structure no other test compiles, so that the cache cannot answer.
      const x = Expr.input(0, 'float64');
      const program = compileExpr(x.sqrt().mul(3).add(x.floor().neg()));
      const layout = elementwiseLayout([[5]], [5]);
      const out = new Float64Array(5);
      elementwiseLoop(program, layout)(
        [Float64Array.from([4, 2.5, 0, -1, 9])],
        [out],
        layout.dims,
        layout.strides,
        program.constants,
      );
      expect(refused).toHaveBeenCalled();
      expect([...out]).toEqual([2, Math.sqrt(2.5) * 3 - 2, 0, Number.NaN, 0]);
    });
  });
});
