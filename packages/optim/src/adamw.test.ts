import '@strata/backend-cpu';
import { type Tensor, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';

function param(values: number[]): Tensor {
  return tensor(values, { dtype: 'float64', requiresGrad: true });
}

describe('AdamW', () => {
  it('defaults to decoupled weight decay 1e-2', () => {
    const opt = new AdamW([param([1])]);
    expect(opt.defaults).toMatchObject({ lr: 1e-3, weightDecay: 1e-2, decoupledWeightDecay: true });
    expect(new AdamW([param([1])], { weightDecay: 0 }).defaults.weightDecay).toBe(0);
  });

  it('decays the weights directly: with a zero gradient only the decay moves them', () => {
    const w = param([2]);
    const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
    w.grad = tensor([0], { dtype: 'float64' });
    opt.step();
    expect(w.item()).toBeCloseTo(2 * (1 - 0.1 * 0.5), 12);
  });

  it("keeps decay decoupled when loading an Adam state dict, as PyTorch's AdamW", () => {
    const adam = new Adam([param([1])]);
    const opt = new AdamW([param([1])]);
    opt.loadStateDict(adam.stateDict());
    expect(opt.paramGroups[0]).toMatchObject({ weightDecay: 0, decoupledWeightDecay: true });
  });

  it('names itself in errors', () => {
    expect(() => new AdamW([param([1])], { lr: -1 })).toThrow(/^AdamW: expected lr >= 0, got -1/);
    expect(() => new AdamW([param([1])], 3 as never)).toThrow(/^AdamW: expected options/);
  });
});
