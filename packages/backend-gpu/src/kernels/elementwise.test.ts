import { Expr, elementwiseLayout } from '@strata/core';
import { callKernel } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu-backend.js';
import { elementwise } from './elementwise.js';

const backend = new GpuBackend('gpu-elementwise-test');

describe('Elementwise (gpu)', () => {
  it('computes erf within float32 precision of an independent reference (Python math.erf)', () => {
    const reference: [number, number][] = [
      [0.001, 0.0011283787909692365],
      [0.3, 0.3286267594591274],
      [1, 0.8427007929497149],
      [2.5, 0.999593047982555],
      [3.5, 0.9999992569016276],
      [3.99, 0.9999999832607886],
      [4.2, 0.9999999971445058],
      [7, 1],
      [-1.5, -0.9661051464753108],
    ];
    const xs = [...reference.map(([v]) => v), Number.NaN, Number.NEGATIVE_INFINITY];
    const shape = [xs.length];
    const input = { dataId: backend.write(Float32Array.from(xs), shape, 'float32'), shape, dtype: 'float32' as const };
    const out = callKernel('Elementwise', elementwise, {
      inputs: { xs: [input] },
      attrs: { name: 'erf', expr: Expr.input(0, 'float32').erf(), layout: elementwiseLayout([shape], shape) },
      backend,
    });
    const got = [...backend.readSync(out.dataId)];
    for (const [i, [, want]] of reference.entries()) {
      expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(4e-7 * Math.max(Math.abs(want), 1e-3));
    }
    expect(got.slice(-2)).toEqual([Number.NaN, -1]);
  });

  it('computes tanh to float32 precision relative to the value, tiny arguments included', () => {
    const xs = [1e-22, -3e-10, 1e-4, -0.01, 0.2, -0.249, 0.251, 0.7, -3, 12];
    const shape = [xs.length];
    const input = { dataId: backend.write(Float32Array.from(xs), shape, 'float32'), shape, dtype: 'float32' as const };
    const out = callKernel('Elementwise', elementwise, {
      inputs: { xs: [input] },
      attrs: { name: 'tanh', expr: Expr.input(0, 'float32').tanh(), layout: elementwiseLayout([shape], shape) },
      backend,
    });
    const got = [...backend.readSync(out.dataId)];
    for (const [i, x] of Float32Array.from(xs).entries()) {
      const want = Math.tanh(x);
      expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(4e-7 * Math.abs(want));
    }
  });

  it('compiles one program for every value of a constant, NaN, infinities and -0 included', () => {
    const shape = [3];
    const input = {
      dataId: backend.write(new Float32Array([1, -2, 0]), shape, 'float32'),
      shape,
      dtype: 'float32' as const,
    };
    const times = (c: number) => {
      const out = callKernel('Elementwise', elementwise, {
        inputs: { xs: [input] },
        attrs: { name: 'mul', expr: Expr.input(0, 'float32').mul(c), layout: elementwiseLayout([shape], shape) },
        backend,
      });
      return [...backend.readSync(out.dataId)];
    };
    expect(times(2)).toEqual([2, -4, 0]);
    const compiles = backend.stats().compiles;
    expect(times(-0.5)).toEqual([-0.5, 1, -0]);
    expect(times(Number.NaN)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(times(Number.POSITIVE_INFINITY)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]);
    expect(times(-0)).toEqual([-0, 0, -0]);
    expect(backend.stats().compiles).toBe(compiles);
  });
});
