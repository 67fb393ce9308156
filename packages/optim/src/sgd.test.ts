import '@strata/backend-cpu';
import { ArgumentError, type Tensor, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { SGD, type SGDOptions } from './sgd.js';

function param(values: number[]): Tensor {
  return tensor(values, { dtype: 'float64', requiresGrad: true });
}

describe('SGD', () => {
  it('keeps a momentum buffer only with momentum, seeded with the first gradient', () => {
    const w = param([1, 2]);
    const plain = new SGD([w], { lr: 0.1 });
    w.grad = tensor([1, 1], { dtype: 'float64' });
    plain.step();
    expect(plain.state.size).toBe(0);
    const v = param([1, 2]);
    const opt = new SGD([v], { lr: 0.1, momentum: 0.9 });
    v.grad = tensor([1, -1], { dtype: 'float64' });
    opt.step();
    const buf = opt.state.get(v)!.momentum_buffer as Tensor;
    expect(buf.toArray()).toEqual([1, -1]);
    expect(buf === v.grad).toBe(false);
    opt.step();
    expect(opt.state.get(v)!.momentum_buffer).toBe(buf);
    expect(buf.toArray()).toEqual([1.9, -1.9]);
  });

  it('changes options between steps through paramGroups', () => {
    const w = param([1]);
    const opt = new SGD([w], { lr: 1 });
    w.grad = tensor([1], { dtype: 'float64' });
    opt.paramGroups[0]!.lr = 0.5;
    opt.step();
    expect(w.item()).toBe(0.5);
  });

  it("validates options with PyTorch's rules", () => {
    const w = param([1]);
    const make = (options: Partial<SGDOptions>): SGD => new SGD([w], options as SGDOptions);
    expect(() => make({})).toThrow(
      /SGD: expected lr >= 0, got undefined; SGD has no default learning rate, pass e.g. \{ lr: 0.01 \}/,
    );
    expect(() => make({ lr: -0.1 })).toThrow(ArgumentError);
    expect(() => make({ lr: 0.1, momentum: -1 })).toThrow(/expected momentum >= 0, got -1/);
    expect(() => make({ lr: 0.1, weightDecay: -1 })).toThrow(/expected weightDecay >= 0, got -1/);
    expect(() => make({ lr: 0.1, nesterov: 'yes' as never })).toThrow(/expected nesterov to be a boolean, got 'yes'/);
    expect(() => make({ lr: 0.1, nesterov: true })).toThrow(
      /SGD: expected momentum > 0 and dampening 0 with nesterov \(Nesterov momentum requires a momentum and zero dampening\), got momentum 0 and dampening 0/,
    );
    expect(() => make({ lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(
      /got momentum 0.9 and dampening 0.1/,
    );
    expect(() => new SGD([{ params: [w], momentum: 0 }], { lr: 0.1, momentum: 0.9, nesterov: true })).toThrow(
      /with nesterov in param group 0/,
    );
    expect(() => new SGD([w], undefined as never)).toThrow(
      /SGD: expected options \{ lr, momentum\?, ... \}, got undefined/,
    );
  });
});
