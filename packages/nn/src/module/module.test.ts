import '@strata/backend-cpu';
import { ArgumentError, DTypeError, ones, registerBackend, tensor, type Tensor, zeros } from '@strata/core';
import { CpuBackend, registerCpuKernels } from '@strata/backend-cpu';
import { describe, expect, it } from 'vitest';
import { ReLU } from '../layers/activations.js';
import { Linear } from '../layers/linear.js';
import { type Layer, ModuleDict, ModuleList, Sequential } from './containers.js';
import { Module, StateDictError } from './module.js';

class Scaler extends Module {
  readonly gain = this.registerParameter('gain', ones([3]));
  readonly count = this.registerBuffer('count', zeros([1]));
  readonly scratch = this.registerBuffer('scratch', zeros([2]), { persistent: false });
  forward(x: Tensor): Tensor {
    return x.mul(this.gain);
  }
}

class Net extends Module {
  readonly body = this.registerModule('body', new Sequential(new Linear(3, 4), new ReLU()));
  readonly scale = this.registerModule('scale', new Scaler());
  readonly head = this.registerModule('head', new Linear(4, 2));
  forward(x: Tensor): Tensor {
    return this.head.forward(this.body.forward(this.scale.forward(x)));
  }
}

describe('Module', () => {
  it('lists parameters, buffers and modules with dotted names in registration order', () => {
    const net = new Net();
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      'body.0.weight',
      'body.0.bias',
      'scale.gain',
      'head.weight',
      'head.bias',
    ]);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(['scale.count', 'scale.scratch']);
    expect(net.namedModules().map(([n]) => n)).toEqual(['', 'body', 'body.0', 'body.1', 'scale', 'head']);
    expect(net.namedChildren().map(([n]) => n)).toEqual(['body', 'scale', 'head']);
    expect(net.parameters({ recurse: false })).toEqual([]);
    expect(net.modules()).toHaveLength(6);
  });

  it('stateDict holds parameters and persistent buffers, module by module', () => {
    expect(Object.keys(new Net().stateDict())).toEqual([
      'body.0.weight',
      'body.0.bias',
      'scale.gain',
      'scale.count',
      'head.weight',
      'head.bias',
    ]);
  });

  it('loadStateDict copies in place and keeps the tensor objects', () => {
    const a = new Net();
    const b = new Net();
    const weight = b.head.weight;
    b.loadStateDict(a.stateDict());
    expect(b.head.weight).toBe(weight);
    expect(b.head.weight.toArray()).toEqual(a.head.weight.toArray());
    expect(b.scale.count.toArray()).toEqual([0]);
  });

  it('loadStateDict reports every missing, unexpected and mis-shaped key at once and changes nothing', () => {
    const net = new Net();
    const before = net.head.weight.toArray();
    const sd = { ...new Net().stateDict() };
    delete sd['scale.gain'];
    sd['head.weight'] = zeros([3, 3]);
    sd['extra.bias'] = zeros([1]);
    let error: unknown;
    try {
      net.loadStateDict(sd);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    const e = error as StateDictError;
    expect(e.missingKeys).toEqual(['scale.gain']);
    expect(e.unexpectedKeys).toEqual(['extra.bias']);
    expect(e.shapeMismatches).toEqual(['head.weight: expected shape [2, 4], got [3, 3]']);
    expect(e.message).toContain('Nothing was loaded');
    expect(net.head.weight.toArray()).toEqual(before);
    delete sd['head.weight'];
    const result = net.loadStateDict(sd, { strict: false });
    expect(result).toEqual({ missingKeys: ['scale.gain', 'head.weight'], unexpectedKeys: ['extra.bias'] });
  });

  it('apply visits children before the parent', () => {
    const order: string[] = [];
    new Net().apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(['Linear', 'ReLU', 'Sequential', 'Scaler', 'Linear', 'Net']);
  });

  it('train() and eval() set the mode everywhere', () => {
    const net = new Net().eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
  });

  it('zeroGrad clears gradients', () => {
    const net = new Net();
    net
      .forward(ones([2, 3]))
      .sum()
      .backward();
    expect(net.head.weight.grad).not.toBeNull();
    net.zeroGrad({ setToNone: false });
    expect(net.head.weight.grad!.toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    net.zeroGrad();
    expect(net.head.weight.grad).toBeNull();
  });

  it('to() moves parameters and buffers in place', () => {
    registerBackend('cpu-nn-test', () => new CpuBackend('cpu-nn-test'));
    registerCpuKernels('cpu-nn-test');
    const net = new Net();
    const weight = net.head.weight;
    net.to('cpu-nn-test');
    expect(net.head.weight).toBe(weight);
    expect(net.parameters().every((p) => p.backend === 'cpu-nn-test')).toBe(true);
    expect(net.buffers().every((b) => b.backend === 'cpu-nn-test')).toBe(true);
    expect(net.forward(ones([1, 3], { backend: 'cpu-nn-test' })).backend).toBe('cpu-nn-test');
  });

  it('prints the module tree like PyTorch', () => {
    expect(String(new Net())).toBe(
      [
        'Net(',
        '  (body): Sequential(',
        '    (0): Linear(in_features=3, out_features=4, bias=True)',
        '    (1): ReLU()',
        '  )',
        '  (scale): Scaler()',
        '  (head): Linear(in_features=4, out_features=2, bias=True)',
        ')',
      ].join('\n'),
    );
  });

  it('validates registrations', () => {
    class Bad extends Module {
      forward(): void {}
    }
    const m = new Bad();
    expect(() => m.registerParameter('a.b', ones([1]))).toThrow(ArgumentError);
    expect(() => m.registerParameter('w', tensor([1], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => m.registerParameter('w', ones([1], { requiresGrad: true }).mul(2))).toThrow(/leaf/);
    m.registerBuffer('b', ones([1]));
    expect(() => m.registerParameter('b', ones([1]))).toThrow(/already registered as a buffer/);
  });
});

describe('containers', () => {
  it('Sequential from a named map, at() with negative indices, iteration, append', () => {
    const net = new Sequential({ hidden: new Linear(2, 3), act: new ReLU() });
    expect(net.namedChildren().map(([n]) => n)).toEqual(['hidden', 'act']);
    expect(net.at(-1)).toBeInstanceOf(ReLU);
    expect([...net]).toHaveLength(2);
    net.append(new Linear(3, 1));
    expect(net.length).toBe(3);
    expect(net.namedParameters().map(([n]) => n)).toEqual(['hidden.weight', 'hidden.bias', '2.weight', '2.bias']);
    expect(net.forward(ones([5, 2])).shape).toEqual([5, 1]);
    expect(() => net.at(3)).toThrow('Sequential.at: expected an index in [-3, 2], got 3.');
  });

  it('Sequential.at is typed as the layer at that index, so .weight needs no cast', () => {
    const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
    const first: Linear = net.at(0);
    const act: ReLU = net.at(-2);
    expect(first.weight.shape).toEqual([8, 4]);
    expect(net.at(-1).weight.shape).toEqual([1, 8]);
    expect(act).toBeInstanceOf(ReLU);
    // @ts-expect-error at(1) is the ReLU, which has no weight
    expect(net.at(1).weight).toBeUndefined();
    const i: number = 2;
    const computed: Layer = net.at(i);
    expect(computed).toBeInstanceOf(Linear);
    const widened: Sequential = net;
    expect(widened.at(0)).toBe(first);
  });

  it('ModuleList and ModuleDict register their modules', () => {
    const list = new ModuleList([new Linear(2, 2), new Linear(2, 2)]);
    expect(list.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(list.at(-1)).toBe([...list][1]);
    expect(() => list.forward()).toThrow(/iterate/);
    const dict = new ModuleDict<Module>({ a: new Linear(2, 1) });
    dict.set('b', new ReLU());
    expect(dict.keys()).toEqual(['a', 'b']);
    expect(dict.get('a')).toBeInstanceOf(Linear);
    expect(() => dict.get('c')).toThrow("expected one of a, b, got 'c'");
    expect(String(dict)).toContain('(b): ReLU()');
  });
});

describe('names', () => {
  it("accepts any non-empty name without a dot, as PyTorch's add_module (d2l's 'block 0')", () => {
    const blocks = new Sequential({ 'block 0': new Linear(2, 2), 'block 1': new Linear(2, 1) });
    expect(Object.keys(new Sequential(blocks).stateDict())).toEqual([
      '0.block 0.weight',
      '0.block 0.bias',
      '0.block 1.weight',
      '0.block 1.bias',
    ]);
    expect(String(blocks)).toContain('(block 0): Linear(in_features=2, out_features=2, bias=True)');
  });

  it('refuses an empty name and a dotted one', () => {
    expect(() => new Sequential({ '': new ReLU() })).toThrow(
      new ArgumentError(
        "registerModule: expected a non-empty name without dots, got ''; dots join the names of nested modules.",
      ),
    );
    expect(() => new Sequential({ 'a.b': new ReLU() })).toThrow(/got 'a\.b'; dots join/);
  });
});
