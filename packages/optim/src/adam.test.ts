import '@strata/backend-cpu';
import { ArgumentError, type Tensor, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Adam, type AdamOptions } from './adam.js';

function param(values: number[]): Tensor {
  return tensor(values, { dtype: 'float64', requiresGrad: true });
}

describe('Adam', () => {
  it("has PyTorch's defaults and state keys, with step a host number", () => {
    const w = param([1, 2]);
    const opt = new Adam([w]);
    expect(opt.defaults).toEqual({
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
      decoupledWeightDecay: false,
    });
    w.grad = tensor([1, -1], { dtype: 'float64' });
    opt.step();
    opt.step();
    const state = opt.state.get(w)!;
    expect(Object.keys(state)).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    expect(state.step).toBe(2);
  });

  it('moves each weight by about lr on the first step (bias correction)', () => {
    const w = param([1, 2]);
    const opt = new Adam([w], { lr: 0.1 });
    w.grad = tensor([3, -0.001], { dtype: 'float64' });
    opt.step();
    const [a, b] = w.toArray() as number[];
    expect(a).toBeCloseTo(0.9, 6);
    expect(b).toBeCloseTo(2.1, 4);
  });

  it('starts max_exp_avg_sq when amsgrad is switched on mid-run', () => {
    const w = param([1, 2]);
    const opt = new Adam([w], { lr: 0.1 });
    w.grad = tensor([1, 1], { dtype: 'float64' });
    opt.step();
    expect(opt.state.get(w)!.max_exp_avg_sq).toBeUndefined();
    opt.paramGroups[0]!.amsgrad = true;
    opt.step();
    expect((opt.state.get(w)!.max_exp_avg_sq as Tensor).shape).toEqual([2]);
  });

  it("validates options with PyTorch's rules", () => {
    const w = param([1]);
    const make = (options: AdamOptions): Adam => new Adam([w], options);
    expect(() => make({ lr: -1 })).toThrow(/Adam: expected lr >= 0, got -1/);
    expect(() => make({ eps: -1 })).toThrow(/expected eps >= 0, got -1/);
    expect(() => make({ betas: [1, 0.999] })).toThrow(/Adam: expected betas\[0\] in \[0, 1\), got 1/);
    expect(() => make({ betas: [0.9, -0.1] })).toThrow(/expected betas\[1\] in \[0, 1\), got -0.1/);
    expect(() => make({ betas: [0.9] as never })).toThrow(/expected betas to be a pair \[beta1, beta2\], got \[0.9\]/);
    expect(() => make({ weightDecay: -1 })).toThrow(ArgumentError);
    expect(() => new Adam([{ params: [w], betas: [0.9, 2] }])).toThrow(
      /expected betas\[1\] in \[0, 1\) in param group 0, got 2/,
    );
  });
});
