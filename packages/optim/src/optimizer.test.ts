import '@strata/backend-cpu';
import { ArgumentError, DTypeError, isGradEnabled, memory, type Tensor, tensor, zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { Optimizer, type OptimizerParamGroup } from './optimizer.js';
import { SGD } from './sgd.js';

function param(values: number[], dtype: 'float32' | 'float64' = 'float32'): Tensor {
  return tensor(values, { dtype, requiresGrad: true });
}

function withGrad(p: Tensor, grad: number[]): Tensor {
  p.grad = tensor(grad, { dtype: p.dtype });
  return p;
}

class SignSGD extends Optimizer<{ lr: number }> {
  constructor(params: Iterable<Tensor>, lr: number) {
    super(params, { lr });
  }
  protected updateGroup(group: OptimizerParamGroup<{ lr: number }>): void {
    for (const p of group.params) if (p.grad !== null) p.sub_(p.grad.sign(), { alpha: group.lr });
  }
}

describe('Optimizer param groups', () => {
  it('puts loose tensors in one group with the defaults', () => {
    const w = param([1, 2]);
    const b = param([3]);
    const opt = new SGD([w, b], { lr: 0.1, momentum: 0.9 });
    // Tensors are iterable, so vitest's deep equality would walk them: compare the params by identity.
    expect(opt.paramGroups).toHaveLength(1);
    const { params, ...options } = opt.paramGroups[0]!;
    expect(options).toEqual({ lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
    expect(params).toHaveLength(2);
    expect(params[0]).toBe(w);
    expect(params[1]).toBe(b);
    expect(opt.defaults).toEqual({
      lr: 0.1,
      momentum: 0.9,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
    });
  });

  it('fills each group from the defaults, accepts any iterable and a lone tensor as params', () => {
    const w = param([1, 2]);
    const b = param([3]);
    function* gen(): Generator<Tensor> {
      yield w;
    }
    const opt = new Adam([{ params: gen() }, { params: b, lr: 0.01, betas: [0.5, 0.9] }], { lr: 0.1 });
    const [first, second] = opt.paramGroups;
    expect(first!.params).toHaveLength(1);
    expect(first!.params[0]).toBe(w);
    expect(second!.params[0]).toBe(b);
    expect({ ...first!, params: [] }).toMatchObject({ lr: 0.1, betas: [0.9, 0.999] });
    expect({ ...second!, params: [] }).toMatchObject({ lr: 0.01, betas: [0.5, 0.9], eps: 1e-8 });
    opt.paramGroups[0]!.betas = [0.8, 0.9];
    expect(opt.defaults.betas).toEqual([0.9, 0.999]);
  });

  it('adds a param group later', () => {
    const w = param([1]);
    const b = param([2]);
    const opt = new SGD([w], { lr: 0.1 });
    opt.addParamGroup({ params: [b], lr: 0.5 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    expect(() => opt.addParamGroup({ params: [w] })).toThrow(
      /SGD: expected each parameter in one param group, got a tensor of shape \[1\] in param group 2 that is already in param group 0/,
    );
    expect(() => opt.addParamGroup({ params: [param([1])], lr: -1 })).toThrow(
      /SGD: expected lr >= 0 in param group 2, got -1/,
    );
    expect(opt.paramGroups).toHaveLength(2);
  });

  it('rejects what cannot be optimized, naming it', () => {
    const w = param([1, 2]);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/SGD: expected at least one parameter, got an empty list/);
    expect(() => new SGD(w as unknown as Tensor[], { lr: 0.1 })).toThrow(
      /got a tensor of shape \[2\]; wrap it in an array: \[p\]/,
    );
    expect(() => new SGD(5 as unknown as Tensor[], { lr: 0.1 })).toThrow(
      /SGD: expected an iterable of tensors or of param groups, got 5/,
    );
    expect(() => new SGD([w, { params: [param([1])] }] as unknown as Tensor[], { lr: 0.1 })).toThrow(
      /got a mix of both/,
    );
    expect(() => new SGD([tensor([1, 2], { dtype: 'int32' })], { lr: 0.1 })).toThrow(DTypeError);
    expect(() => new SGD([tensor([1, 2], { dtype: 'int32' })], { lr: 0.1 })).toThrow(
      /SGD: expected float32 or float64 parameters, got dtype int32 at params\[0\] of param group 0/,
    );
    expect(() => new SGD([tensor([1, 2])], { lr: 0.1 })).toThrow(
      /expected parameters that require grad, got a tensor of shape \[2\] with requiresGrad false/,
    );
    expect(() => new SGD([w.mul(2)], { lr: 0.1 })).toThrow(/expected leaf tensors .* computed by an op/);
    expect(() => new SGD([w, 3 as unknown as Tensor], { lr: 0.1 })).toThrow(/got a mix of both/);
    expect(() => new SGD([{ params: [w, 3 as unknown as Tensor] }], { lr: 0.1 })).toThrow(
      /expected every parameter to be a Tensor, got 3 at params\[1\]/,
    );
    expect(() => new SGD([w, w], { lr: 0.1 })).toThrow(
      /SGD: expected each parameter once, got a tensor of shape \[2\] twice in param group 0/,
    );
    expect(() => new SGD([{ params: [w] }, { params: [w] }], { lr: 0.1 })).toThrow(ArgumentError);
    const gone = param([1]);
    gone.dispose();
    expect(() => new SGD([gone], { lr: 0.1 })).toThrow(/expected live parameters, got a disposed tensor/);
  });
});

describe('Optimizer.step and zeroGrad', () => {
  it('updates in place, without recording gradients, only parameters with a gradient', () => {
    const w = withGrad(param([1, -1]), [0.5, -2]);
    const frozen = param([5]);
    const opt = new SignSGD([w, frozen], 0.1);
    const data = w.dataSync();
    opt.step();
    expect(w.toArray()).toEqual([0.9, -0.9].map(Math.fround));
    expect(w.requiresGrad).toBe(true);
    expect(w.isLeaf).toBe(true);
    expect(frozen.toArray()).toEqual([5]);
    expect(data).toEqual(new Float32Array([1, -1]));
  });

  it('runs a closure with gradients enabled and returns its loss', () => {
    const w = param([2]);
    const opt = new SGD([w], { lr: 0.25 });
    const loss = opt.step(() => {
      expect(isGradEnabled()).toBe(true);
      opt.zeroGrad();
      const l = w.mul(w).sum();
      l.backward();
      return l;
    });
    expect(loss?.item()).toBe(4);
    expect(w.item()).toBe(1);
    expect(opt.step()).toBeUndefined();
  });

  it('keeps the live tensor count flat across steps once the state exists', () => {
    const w = param([1, 2, 3]);
    const opt = new Adam([w], { lr: 0.1, amsgrad: true });
    w.grad = tensor([1, 1, 1]);
    opt.step();
    const after = memory().numTensors;
    for (let i = 0; i < 3; i++) opt.step();
    expect(memory().numTensors).toBe(after);
  });

  it('zeroGrad disposes and clears gradients, or zeroes them in place', () => {
    const w = withGrad(param([1, 2]), [3, 4]);
    const b = param([1]);
    const opt = new SGD([w, b], { lr: 0.1 });
    const grad = w.grad!;
    opt.zeroGrad({ setToNone: false });
    expect(w.grad).toBe(grad);
    expect(grad.toArray()).toEqual([0, 0]);
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    expect(b.grad).toBeNull();
    expect(grad.isDisposed).toBe(true);
  });
});

describe('Optimizer.stateDict and loadStateDict', () => {
  function trained(): { opt: Adam; w: Tensor; b: Tensor } {
    const w = withGrad(param([1, 2], 'float64'), [0.5, -1]);
    const b = withGrad(param([3], 'float64'), [2]);
    const opt = new Adam([{ params: [w] }, { params: [b], lr: 0.01 }], { lr: 0.1 });
    opt.step();
    opt.step();
    return { opt, w, b };
  }

  it('numbers parameters across groups and copies the state', () => {
    const { opt, w } = trained();
    const sd = opt.stateDict();
    expect(sd.paramGroups.map((g) => [g.params, g.lr])).toEqual([
      [[0], 0.1],
      [[1], 0.01],
    ]);
    expect(Object.keys(sd.state)).toEqual(['0', '1']);
    expect(sd.state[0]!.step).toBe(2);
    const expAvg = sd.state[0]!.exp_avg as Tensor;
    expect(expAvg === opt.state.get(w)!.exp_avg).toBe(false);
    expAvg.fill_(7);
    expect((opt.state.get(w)!.exp_avg as Tensor).toArray()).not.toEqual([7, 7]);
    sd.paramGroups[0]!.betas = [0.1, 0.2];
    expect(opt.paramGroups[0]!.betas).toEqual([0.9, 0.999]);
  });

  it('restores options and state, casting state to the parameters dtype, replacing what was there', () => {
    const { opt } = trained();
    const sd = opt.stateDict();
    sd.paramGroups[1]!.lr = 0.5;
    const w = param([1, 2]);
    const b = param([3]);
    const fresh = new Adam([{ params: [w] }, { params: [b], weightDecay: 0.1 }], { lr: 0.1 });
    w.grad = tensor([1, 1]);
    fresh.step();
    const replaced = fresh.state.get(w)!.exp_avg as Tensor;
    fresh.loadStateDict(sd);
    expect(replaced.isDisposed).toBe(true);
    expect({ ...fresh.paramGroups[1]!, params: [] }).toMatchObject({ lr: 0.5, weightDecay: 0 });
    expect(fresh.paramGroups[1]!.params[0]).toBe(b);
    const state = fresh.state.get(w)!;
    expect(state.step).toBe(2);
    expect((state.exp_avg as Tensor).dtype).toBe('float32');
    expect((state.exp_avg as Tensor).toArray()).toEqual(
      Array.from(new Float32Array((sd.state[0]!.exp_avg as Tensor).dataSync())),
    );
    (sd.state[0]!.exp_avg as Tensor).dispose();
    expect((state.exp_avg as Tensor).isDisposed).toBe(false);
  });

  it('lists every problem in one error and changes nothing', () => {
    const { opt, w } = trained();
    const sd = opt.stateDict();
    sd.paramGroups[0]!.params = [0, 7];
    sd.state[1]!.exp_avg = zeros([4], { dtype: 'float64' });
    Reflect.deleteProperty(sd.paramGroups[1]!, 'eps');
    const before = opt.state.get(w);
    let message = '';
    try {
      opt.loadStateDict(sd);
    } catch (error) {
      expect(error).toBeInstanceOf(ArgumentError);
      message = (error as Error).message;
    }
    expect(message).toContain(
      'Adam.loadStateDict: expected the state dict of an optimizer over the same parameters (2 param groups of 1, 1), got 3 problems',
    );
    expect(message).toContain("paramGroups[0]: expected 1 parameters (this optimizer's group), got 2");
    expect(message).toContain("paramGroups[1]: missing option 'eps'");
    expect(message).toContain("state[1].exp_avg: expected shape [1] (the parameter's), got [4]");
    expect(opt.state.get(w)).toBe(before);
    expect(opt.paramGroups[1]!.eps).toBe(1e-8);
  });

  it('rejects a different group count and state of the wrong kind', () => {
    const { opt } = trained();
    const sd = opt.stateDict();
    const one = new Adam([param([1, 2], 'float64')]);
    expect(() => one.loadStateDict(sd)).toThrow(/expected 1 param groups, got 2/);
    const sgd = new SGD([{ params: [param([1, 2])] }, { params: [param([1])] }], { lr: 0.1, momentum: 0.9 });
    expect(() => sgd.loadStateDict(sd as never)).toThrow(
      /state\[0\]: expected a 'momentum_buffer' tensor, got undefined/,
    );
    sd.state[0]!.step = 1.5;
    expect(() => opt.loadStateDict(sd)).toThrow(/state\[0\]: expected 'step' to be an integer >= 0, got 1.5/);
    expect(() => opt.loadStateDict(null as never)).toThrow(
      /expected \{ state, paramGroups \} as stateDict\(\) returns, got null/,
    );
  });
});
