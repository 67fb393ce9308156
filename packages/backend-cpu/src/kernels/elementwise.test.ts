import { compileExpr, Expr, elementwiseLayout, type Shape, type TensorInfo } from '@strata/core';
import { callKernel } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { elementwise } from './elementwise.js';
import { elementwiseLoop } from './elementwise-js.js';

const backend = new CpuBackend();

function tensor(values: number[], shape: Shape): TensorInfo {
  return { dataId: backend.write(Float32Array.from(values), shape, 'float32'), shape, dtype: 'float32' };
}

function run(xs: TensorInfo[], expr: Expr): number[] {
  const shapes = xs.map((x) => x.shape);
  const outShape = shapes.reduce((a, b) => (a.length >= b.length ? a : b));
  const layout = elementwiseLayout(shapes, outShape);
  const out = callKernel('Elementwise', elementwise, {
    inputs: { xs },
    attrs: { name: 'test', expr, layout },
    backend,
  });
  return [...backend.readSync(out.dataId)];
}

describe('Elementwise (cpu)', () => {
  const a = Expr.input(0, 'float32');
  const b = Expr.input(1, 'float32');

  it('reads a broadcast operand at stride 0 along the dimensions it repeats', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const row = tensor([10, 20, 30], [3]);
    const column = tensor([100, 200], [2, 1]);
    expect(run([x, row], a.add(b))).toEqual([11, 22, 33, 14, 25, 36]);
    expect(run([x, column], a.mul(b))).toEqual([100, 200, 300, 800, 1000, 1200]);
  });

  it('rounds every node to its dtype: float32 products, int32 wrapping, bool results', () => {
    const x = 1 + 2 ** -23;
    // In double, x * x - (1 + 2^-22) is 2^-46; rounding the product to float32 first makes it 0.
    expect(run([tensor([x], [1])], a.mul(a).sub(1 + 2 ** -22))).toEqual([0]);
    const i = Expr.input(0, 'int32');
    const big = {
      dataId: backend.write(Int32Array.from([2147483647]), [1], 'int32'),
      shape: [1],
      dtype: 'int32' as const,
    };
    const negative = (e: Expr) => {
      const out = callKernel('Elementwise', elementwise, {
        inputs: { xs: [big] },
        attrs: { name: 'test', expr: e.lt(0), layout: elementwiseLayout([[1]], [1]) },
        backend,
      });
      return [...backend.readSync(out.dataId)];
    };
    expect(negative(i.add(1))).toEqual([1]);
    expect(negative(i.mul(2))).toEqual([1]);
    expect(run([tensor([Number.NaN, 0, 2], [3])], a.cast('bool').cast('float32'))).toEqual([1, 0, 1]);
  });

  it('compiles one loop per expression structure and layout: constants are arguments', () => {
    const layout = elementwiseLayout([[4]], [4]);
    const twice = compileExpr(a.mul(2));
    const thrice = compileExpr(a.mul(3));
    expect(twice.key).toBe(thrice.key);
    expect(elementwiseLoop(twice, layout)).toBe(elementwiseLoop(thrice, layout));
    expect(elementwiseLoop(compileExpr(a.add(2)), layout)).not.toBe(elementwiseLoop(twice, layout));
  });

  it('computes erf in float64 within 2e-15 relative of an independent reference (Python math.erf)', () => {
    const reference: [number, number][] = [
      [0.001, 0.0011283787909692365],
      [0.3, 0.3286267594591274],
      [1, 0.8427007929497149],
      [2.5, 0.999593047982555],
      [2.9, 0.9999589021219005],
      [3.5, 0.9999992569016276],
      [4.2, 0.9999999971445058],
      [5.9, 0.9999999999999999],
      [7, 1],
      [-1.5, -0.9661051464753108],
    ];
    const x = Expr.input(0, 'float64');
    const xs = reference.map(([v]) => v);
    const input = {
      dataId: backend.write(Float64Array.from(xs), [xs.length], 'float64'),
      shape: [xs.length],
      dtype: 'float64' as const,
    };
    const out = callKernel('Elementwise', elementwise, {
      inputs: { xs: [input] },
      attrs: { name: 'erf', expr: x.erf(), layout: elementwiseLayout([[xs.length]], [xs.length]) },
      backend,
    });
    const got = [...backend.readSync(out.dataId)];
    for (const [i, [, want]] of reference.entries()) {
      expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(2e-15 * Math.abs(want));
    }
    const special = {
      dataId: backend.write(Float64Array.from([-0, Number.NaN, Number.NEGATIVE_INFINITY]), [3], 'float64'),
      shape: [3],
      dtype: 'float64' as const,
    };
    const edges = callKernel('Elementwise', elementwise, {
      inputs: { xs: [special] },
      attrs: { name: 'erf', expr: x.erf(), layout: elementwiseLayout([[3]], [3]) },
      backend,
    });
    expect([...backend.readSync(edges.dataId)]).toEqual([-0, Number.NaN, -1]);
  });
});
