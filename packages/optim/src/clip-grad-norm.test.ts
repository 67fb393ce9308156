import '@strata/backend-cpu';
import { ArgumentError, type DType, memory, StrataError, type Tensor, tensor, zeros } from '@strata/core';
import { expectClose, FLOAT32_TOLERANCE, type Tolerance } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/optimizers.json' with { type: 'json' };
import { clipGradNorm_ } from './clip-grad-norm.js';

/** float64 norms against PyTorch's: the same reductions in a different order. */
const FLOAT64_NORM_TOLERANCE: Tolerance = { atol: 1e-14, rtol: 1e-13 };

interface FixtureTensor {
  shape: number[];
  data: number[];
}

interface ClipCase {
  name: string;
  maxNorm: number;
  normType: number | 'inf';
  grads: FixtureTensor[];
  totalNorm: number;
  clipped: FixtureTensor[];
}

const CASES = fixtures.clipGradNorm as unknown as ClipCase[];

function paramsWithGrads(grads: FixtureTensor[], dtype: DType): Tensor[] {
  return grads.map((g) => {
    const p = zeros(g.shape, { dtype, requiresGrad: true });
    p.grad = tensor(Float64Array.from(g.data), { shape: g.shape, dtype });
    return p;
  });
}

describe('clipGradNorm_ against PyTorch', () => {
  for (const [dtype, tolerance] of [
    ['float64', FLOAT64_NORM_TOLERANCE],
    ['float32', FLOAT32_TOLERANCE],
  ] as const) {
    it.each(CASES.map((c) => [c.name, c] as const))(`%s [${dtype}]`, (_, c) => {
      const params = paramsWithGrads(c.grads, dtype);
      const grads = params.map((p) => p.grad);
      const normType = c.normType === 'inf' ? Number.POSITIVE_INFINITY : c.normType;
      const total = clipGradNorm_(params, c.maxNorm, { normType });
      expectClose(total, [], [c.totalNorm], tolerance, `${c.name} total norm`);
      expect(total.dtype).toBe(dtype);
      params.forEach((p, i) => {
        expect(p.grad, 'clipped in place').toBe(grads[i]);
        expectClose(p.grad!, c.clipped[i]!.shape, c.clipped[i]!.data, tolerance, `${c.name} grad ${i}`);
      });
    });
  }
});

describe('clipGradNorm_', () => {
  it('accepts one tensor and skips parameters without a gradient', () => {
    const p = zeros([2], { requiresGrad: true });
    p.grad = tensor([3, 4]);
    const frozen = zeros([2], { requiresGrad: true });
    expect(clipGradNorm_([p, frozen], 1).item()).toBeCloseTo(5, 6);
    expect(frozen.grad).toBeNull();
    const q = zeros([2], { requiresGrad: true });
    q.grad = tensor([3, 4]);
    clipGradNorm_(q, 10);
    expect(q.grad.toArray()).toEqual([3, 4]);
  });

  it('returns a float32 zero when no parameter has a gradient', () => {
    const total = clipGradNorm_([zeros([2], { requiresGrad: true })], 1);
    expect(total.shape).toEqual([]);
    expect(total.item()).toBe(0);
  });

  it('scales by the non-finite norm unless errorIfNonfinite, which leaves the gradients alone', () => {
    const p = zeros([2], { requiresGrad: true });
    p.grad = tensor([Number.POSITIVE_INFINITY, 1]);
    expect(() => clipGradNorm_(p, 1, { errorIfNonfinite: true })).toThrow(
      /clipGradNorm_: expected a finite total norm of order 2, got Infinity/,
    );
    expect(p.grad.toArray()).toEqual([Number.POSITIVE_INFINITY, 1]);
    expect(clipGradNorm_(p, 1).item()).toBe(Number.POSITIVE_INFINITY);
    expect(p.grad.toArray()).toEqual([Number.NaN, 0]);
  });

  it('clips gradients of different dtypes together', () => {
    const a = zeros([1], { requiresGrad: true });
    a.grad = tensor([3]);
    const b = zeros([1], { dtype: 'float64', requiresGrad: true });
    b.grad = tensor([4], { dtype: 'float64' });
    const total = clipGradNorm_([a, b], 1);
    expect(total.dtype).toBe('float64');
    expect(a.grad.dtype).toBe('float32');
    expect(a.grad.item()).toBeCloseTo(0.6, 6);
    expect(b.grad.item()).toBeCloseTo(0.8, 6);
  });

  it('frees its intermediates', () => {
    const params = paramsWithGrads(CASES[0]!.grads, 'float32');
    const before = memory().numTensors;
    const total = clipGradNorm_(params, 1);
    expect(memory().numTensors).toBe(before + 1);
    total.dispose();
  });

  it('validates its arguments', () => {
    const p = zeros([2], { requiresGrad: true });
    expect(() => clipGradNorm_(p, -1)).toThrow(ArgumentError);
    expect(() => clipGradNorm_(p, Number.NaN)).toThrow(/clipGradNorm_: expected maxNorm >= 0, got NaN/);
    expect(() => clipGradNorm_(p, 1, { normType: 0 })).toThrow(
      /expected normType > 0 \(Infinity for the max norm\), got 0/,
    );
    expect(() => clipGradNorm_(5 as unknown as Tensor, 1)).toThrow(
      /expected a tensor or an iterable of tensors, got 5/,
    );
    expect(() => clipGradNorm_([p, 1 as unknown as Tensor], 1)).toThrow(StrataError);
  });
});
