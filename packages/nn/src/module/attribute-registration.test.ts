import '@strata/backend-cpu';
import { ArgumentError, corr2d, manualSeed, ones, rand, randn, type Tensor, tensor, tidy, zeros } from '@strata/core';
import { SGD } from '@strata/optim';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import modulesJson from '../__fixtures__/modules.json' with { type: 'json' };
import * as nn from '../index.js';
import { ReLU } from '../layers/activations.js';
import { BatchNorm2d } from '../layers/batch-norm2d.js';
import { Conv2d } from '../layers/conv2d.js';
import { Flatten } from '../layers/flatten.js';
import { Linear } from '../layers/linear.js';
import { MaxPool2d } from '../layers/max-pool2d.js';
import { Buffer } from './buffer.js';
import { Sequential } from './containers.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

interface ModuleCase {
  name: string;
  repr: string;
  stateDict: [string, number[]][];
  parameters: string[];
  buffers: string[];
}
const fixture = (name: string): ModuleCase => {
  const found = (modulesJson.cases as unknown as ModuleCase[]).find((c) => c.name === name);
  if (found === undefined) throw new Error(`no fixture case '${name}'`);
  return found;
};

// The classes of packages/nn/scripts/make-fixtures.py (modules.json), written as a reader of the
// chapters would: fields and `this.x =`, no register* calls.
class D2lConv2D extends Module {
  weight: Parameter;
  bias: Parameter;
  constructor(kernelSize: [number, number]) {
    super();
    this.weight = new Parameter(rand(kernelSize));
    this.bias = new Parameter(zeros([1]));
  }
  forward(x: Tensor): Tensor {
    return corr2d(x, this.weight).add(this.bias);
  }
}

class Residual extends Module {
  conv1: Conv2d;
  conv2: Conv2d;
  conv3: Conv2d | null;
  bn1: BatchNorm2d;
  bn2: BatchNorm2d;
  constructor(inputChannels: number, numChannels: number, use1x1conv = false, strides = 1) {
    super();
    this.conv1 = new Conv2d(inputChannels, numChannels, { kernelSize: 3, padding: 1, stride: strides });
    this.conv2 = new Conv2d(numChannels, numChannels, { kernelSize: 3, padding: 1 });
    if (use1x1conv) this.conv3 = new Conv2d(inputChannels, numChannels, { kernelSize: 1, stride: strides });
    else this.conv3 = null;
    this.bn1 = new BatchNorm2d(numChannels);
    this.bn2 = new BatchNorm2d(numChannels);
  }
  forward(x: Tensor): Tensor {
    const y = this.bn2.forward(this.conv2.forward(this.bn1.forward(this.conv1.forward(x)).relu()));
    return y.add(this.conv3 === null ? x : this.conv3.forward(x)).relu();
  }
}

class Reassigned extends Module {
  features: Sequential = new Sequential(new Conv2d(1, 4, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2));
  scale = new Parameter(ones([4]));
  steps = this.registerBuffer('steps', zeros([]));
  head = new Linear(4, 2);
  aux: Linear | null = new Linear(4, 3);
  mask: Tensor;
  scratch = new Buffer(zeros([3]), { persistent: false });
  constructor() {
    super();
    this.features = new Sequential(new Conv2d(1, 4, 3, { padding: 1 }), new ReLU());
    this.aux = null;
    this.mask = ones([2]);
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.features.forward(x).mean([2, 3]).mul(this.scale));
  }
}

class Deleted extends Module {
  a?: Linear = new Linear(2, 3);
  b: Linear | Parameter = new Linear(3, 4);
  c = new Parameter(zeros([2]));
  constructor() {
    super();
    delete this.a;
    this.a = new Linear(4, 5);
    this.b = new Parameter(ones([1]));
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** The parameter-management chapter's tied layers: one Linear registered at indices 2 and 4. */
function tiedLayers(): Sequential {
  const shared = new Linear(8, 8);
  return new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
}

function expectLikePyTorch(module: Module, c: ModuleCase): void {
  expect(String(module)).toBe(c.repr);
  expect(Object.entries(module.stateDict()).map(([k, t]) => [k, [...t.shape]])).toEqual(c.stateDict);
  expect(module.namedParameters().map(([k]) => k)).toEqual(c.parameters);
  expect(module.namedBuffers().map(([k]) => k)).toEqual(c.buffers);
}

describe("assigning to a module registers, as PyTorch's __setattr__", () => {
  it.each([
    ['d2l Conv2D (1, 2)', () => new D2lConv2D([1, 2])],
    ['d2l Residual 3->6 use_1x1conv strides 2', () => new Residual(3, 6, true, 2)],
    ['d2l Residual 3->3', () => new Residual(3, 3)],
    ['reassigned, None and plain attributes', () => new Reassigned()],
    ['deleted and re-added, module replaced by a parameter', () => new Deleted()],
    ['nested', () => new Sequential(new Residual(1, 2, true), new Sequential(new D2lConv2D([2, 2]), new Flatten()))],
    ['d2l tied layers', tiedLayers],
  ] as const)('%s: repr, stateDict, parameters and buffers as PyTorch', (name, make) => {
    expectLikePyTorch(make(), fixture(name));
  });

  it('class fields register in declaration order, before what the constructor assigns', () => {
    class Net extends Module {
      conv1 = new Conv2d(1, 2, 3);
      fc = new Linear(2, 1);
      constructor() {
        super();
        this.extra = new Linear(1, 1);
      }
      extra: Linear;
      forward(x: Tensor): Tensor {
        return this.extra.forward(this.fc.forward(this.conv1.forward(x).mean([2, 3])));
      }
    }
    const net = new Net();
    expect(net.namedChildren().map(([n]) => n)).toEqual(['conv1', 'fc', 'extra']);
    expect(net.parameters()).toHaveLength(6);
    expect(net.forward(rand([2, 1, 5, 5])).shape).toEqual([2, 1]);
  });

  it('later assignments append new names and keep the place of reassigned ones', () => {
    const net = new Reassigned();
    (net as Reassigned & { late: Linear }).late = new Linear(2, 2);
    net.head = new Linear(4, 2, false);
    expect(net.namedChildren().map(([n]) => n)).toEqual(['features', 'head', 'late']);
    expect(Object.keys(net.stateDict())).toEqual([
      'scale',
      'steps',
      'features.0.weight',
      'features.0.bias',
      'head.weight',
      'late.weight',
      'late.bias',
    ]);
  });

  it('conv.weight = new Parameter(k) replaces the parameter and forward uses it', () => {
    const conv = new Conv2d(1, 1, 2, { bias: false });
    const kernel = tensor([
      [
        [
          [0, 1],
          [2, 3],
        ],
      ],
    ]);
    conv.weight = new Parameter(kernel);
    expect(conv.weight).toBeInstanceOf(Parameter);
    expect(conv.namedParameters().map(([n, p]) => [n, p === conv.weight])).toEqual([['weight', true]]);
    const x = tensor([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]).reshape([1, 1, 3, 3]);
    expect(conv.forward(x).toArray()).toEqual([
      [
        [
          [19, 25],
          [37, 43],
        ],
      ],
    ]);
    expect(kernel.requiresGrad).toBe(false);
    expect(conv.weight.requiresGrad).toBe(true);
  });

  it('a plain tensor assigned to a parameter name throws; null clears it', () => {
    const fc = new Linear(3, 2);
    expect(() => {
      fc.weight = zeros([2, 3]) as Parameter;
    }).toThrow(
      new ArgumentError(
        "Linear: cannot assign Tensor as parameter 'weight' (nn.Parameter or null expected); wrap a tensor as new Parameter(tensor).",
      ),
    );
    fc.bias = null;
    expect(fc.bias).toBeNull();
    expect(Object.keys(fc.stateDict())).toEqual(['weight']);
    expect(String(fc)).toBe('Linear(in_features=3, out_features=2, bias=False)');
    expect(() => {
      (fc as unknown as { weight: unknown }).weight = new Linear(1, 1);
    }).toThrow("Linear: cannot assign Linear as parameter 'weight'");
  });

  it('a tensor assigned to a buffer name replaces the buffer and keeps its persistence', () => {
    const net = new Reassigned();
    const steps = tensor(5);
    net.steps = steps;
    expect(net.stateDict().steps).toBe(steps);
    net.scratch = zeros([1]) as Buffer;
    expect(net.namedBuffers().map(([n, b]) => [n, b.shape])).toEqual([
      ['steps', []],
      ['scratch', [1]],
    ]);
    expect(Object.keys(net.stateDict())).not.toContain('scratch');
    const bn = new BatchNorm2d(2);
    const mean = tensor([1, 2]);
    (bn as unknown as { running_mean: Tensor }).running_mean = mean;
    expect(bn.runningMean).toBe(mean);
    expect(bn.stateDict().running_mean).toBe(mean);
    expect(() => {
      (bn as unknown as { running_var: unknown }).running_var = 3;
    }).toThrow("BatchNorm2d: cannot assign number as buffer 'running_var' (Tensor, nn.Buffer or null expected).");
  });

  it('null and delete on submodules, as PyTorch', () => {
    const net = new Residual(3, 6, true, 2);
    net.conv3 = null;
    expect(String(net)).toContain('(conv3): None');
    expect(net.namedChildren().map(([n]) => n)).toEqual(['conv1', 'conv2', 'bn1', 'bn2']);
    expect(() => {
      (net as unknown as { conv3: unknown }).conv3 = 'none';
    }).toThrow("Residual: cannot assign string as child module 'conv3' (nn.Module or null expected).");
    delete (net as Partial<Residual>).conv1;
    expect(net.namedChildren().map(([n]) => n)).toEqual(['conv2', 'bn1', 'bn2']);
    expect('conv1' in net).toBe(false);
    expect(Object.keys(net.stateDict())[0]).toBe('conv2.weight');
  });

  it('a name is one kind at a time: a parameter assigned over a module or buffer moves it', () => {
    const net = new Reassigned();
    (net as unknown as { head: Parameter }).head = new Parameter(ones([1]));
    (net as unknown as { steps: Parameter }).steps = new Parameter(ones([2]));
    expect(net.namedChildren().map(([n]) => n)).toEqual(['features']);
    expect(net.namedParameters({ recurse: false }).map(([n]) => n)).toEqual(['scale', 'head', 'steps']);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(['scratch']);
  });

  it('refuses names of methods and properties, as PyTorch', () => {
    class Net extends Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const net = new Net();
    expect(() => {
      (net as unknown as { forward: unknown }).forward = new Linear(1, 1);
    }).toThrow(
      "Net: cannot register module 'forward': Net already has a method or property of that name; pick another name.",
    );
    expect(() => net.registerParameter('train', ones([1]))).toThrow(
      "registerParameter: 'train' is already a method or property of Net; use another name.",
    );
    (net as Net & { plain: number }).plain = 3;
    expect(() => net.registerBuffer('plain', ones([1]))).toThrow("'plain' is already an attribute of Net");
    expect(net.parameters()).toEqual([]);
  });

  it('register* and assignment interleave in one order, and register* values are attributes', () => {
    class Net extends Module {
      a = new Linear(1, 1);
      constructor() {
        super();
        this.registerModule('b', new Linear(1, 1));
        this.c = new Linear(1, 1);
        this.registerParameter('w', randn([2]));
        this.registerBuffer('n', zeros([]), { persistent: false });
      }
      c: Linear;
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const net = new Net() as Net & { b: Linear; w: Parameter; n: Tensor };
    expect(net.namedChildren().map(([n]) => n)).toEqual(['a', 'b', 'c']);
    expect(net.b).toBeInstanceOf(Linear);
    expect(net.w).toBeInstanceOf(Parameter);
    expect(net.n.shape).toEqual([]);
    expect(Object.keys(net.stateDict())).toEqual([
      'w',
      'a.weight',
      'a.bias',
      'b.weight',
      'b.bias',
      'c.weight',
      'c.bias',
    ]);
  });

  it('a parameter assigned inside tidy survives it', () => {
    const net = new D2lConv2D([1, 2]);
    tidy(() => {
      net.weight = new Parameter(ones([1, 2]).mul(2));
    });
    expect(net.weight.isDisposed).toBe(false);
    expect(net.weight.toArray()).toEqual([[2, 2]]);
  });

  it("an optimizer over a field-registered module's parameters trains it (d2l's Conv2D learns [1, -1])", () => {
    manualSeed(0);
    const x = tensor(Array.from({ length: 6 }, () => [1, 1, 0, 0, 0, 0, 1, 1]));
    const y = corr2d(x, tensor([[1, -1]]));
    const net = new D2lConv2D([1, 2]);
    const opt = new SGD(net.parameters(), { lr: 0.01 });
    const losses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const loss = net.forward(x).sub(y).pow(2).sum();
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    }
    expect(losses[59]!).toBeLessThan(losses[0]! / 100);
    const [w0, w1] = net.weight.dataSync();
    expect(w0).toBeCloseTo(1, 1);
    expect(w1).toBeCloseTo(-1, 1);
  });

  it('a module assigned under two names is listed, and its parameters counted, once', () => {
    class Tied extends Module {
      shared = new Linear(4, 4);
      again = this.shared;
      forward(x: Tensor): Tensor {
        return this.again.forward(this.shared.forward(x));
      }
    }
    const net = new Tied();
    expect(net.parameters()).toHaveLength(2);
    expect(net.namedParameters().map(([n]) => n)).toEqual(['shared.weight', 'shared.bias']);
    expect(new SGD(net.parameters(), { lr: 0.1 }).paramGroups[0]!.params).toHaveLength(2);
    expect(String(net)).toBe(
      'Tied(\n  (shared): Linear(in_features=4, out_features=4, bias=True)\n  (again): Linear(in_features=4, out_features=4, bias=True)\n)',
    );
  });
});

// The same classes, compiled the ways users compile theirs: TypeScript with and without
// useDefineForClassFields (fields as [[Define]] or as assignments in the constructor), down to
// ES2017 (fields as Object.defineProperty calls), and plain JavaScript.
const SOURCE = `
class Residual extends nn.Module {
  conv1: InstanceType<typeof nn.Conv2d>;
  conv3: InstanceType<typeof nn.Conv2d> | null;
  bn1: InstanceType<typeof nn.BatchNorm2d>;
  constructor(inputChannels: number, numChannels: number, use1x1conv = false) {
    super();
    this.conv1 = new nn.Conv2d(inputChannels, numChannels, { kernelSize: 3, padding: 1 });
    this.conv3 = use1x1conv ? new nn.Conv2d(inputChannels, numChannels, 1) : null;
    this.bn1 = new nn.BatchNorm2d(numChannels);
  }
  forward(x: unknown) { return x; }
}
class Fields extends nn.Module {
  features = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
  scale = new nn.Parameter(core.ones([3]));
  count = new nn.Buffer(core.zeros([]));
  head = new nn.Linear(3, 1);
  forward(x: unknown) { return x; }
}
class Redeclared extends Fields {
  head!: InstanceType<typeof nn.Linear>;
}
return { Residual, Fields, Redeclared };
`;

const JS_SOURCE = `
class Residual extends nn.Module {
  constructor(inputChannels, numChannels, use1x1conv = false) {
    super();
    this.conv1 = new nn.Conv2d(inputChannels, numChannels, { kernelSize: 3, padding: 1 });
    this.conv3 = use1x1conv ? new nn.Conv2d(inputChannels, numChannels, 1) : null;
    this.bn1 = new nn.BatchNorm2d(numChannels);
  }
  forward(x) { return x; }
}
class Fields extends nn.Module {
  features = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
  scale = new nn.Parameter(core.ones([3]));
  count = new nn.Buffer(core.zeros([]));
  head = new nn.Linear(3, 1);
  forward(x) { return x; }
}
class Redeclared extends Fields {
  head;
}
return { Residual, Fields, Redeclared };
`;

type Compiled = Record<'Residual' | 'Fields' | 'Redeclared', new (...args: unknown[]) => Module>;

function load(js: string): Compiled {
  return new Function('nn', 'core', js)(nn, { ones, zeros }) as Compiled;
}

function transpile(target: ts.ScriptTarget, useDefineForClassFields: boolean): Compiled {
  const { outputText } = ts.transpileModule(`function make() {${SOURCE}}`, {
    compilerOptions: { target, useDefineForClassFields, module: ts.ModuleKind.None, strict: true },
  });
  return load(`${outputText}\nreturn make();`);
}

describe('registration does not depend on how the class was compiled', () => {
  it.each([
    ['TypeScript, ES2022, useDefineForClassFields true', () => transpile(ts.ScriptTarget.ES2022, true), true],
    ['TypeScript, ES2022, useDefineForClassFields false', () => transpile(ts.ScriptTarget.ES2022, false), false],
    ['TypeScript, ES2017, useDefineForClassFields true', () => transpile(ts.ScriptTarget.ES2017, true), true],
    ['TypeScript, ES2017, useDefineForClassFields false', () => transpile(ts.ScriptTarget.ES2017, false), false],
    ['plain JavaScript', () => load(JS_SOURCE), true],
  ] as const)('%s', (_name, compile, fieldsAreDefined) => {
    const { Residual: CompiledResidual, Fields, Redeclared } = compile();
    const residual = new CompiledResidual(3, 3);
    expect(residual.namedChildren().map(([n]) => n)).toEqual(['conv1', 'bn1']);
    expect(Object.keys(new CompiledResidual(3, 6, true).stateDict()).slice(0, 4)).toEqual([
      'conv1.weight',
      'conv1.bias',
      'conv3.weight',
      'conv3.bias',
    ]);
    const fields = new Fields();
    expect(Object.keys(fields.stateDict())).toEqual([
      'scale',
      'count',
      'features.0.weight',
      'features.0.bias',
      'head.weight',
      'head.bias',
    ]);
    expect(String(fields)).toBe(
      'Fields(\n  (features): Sequential(\n    (0): Linear(in_features=2, out_features=3, bias=True)\n    (1): ReLU()\n  )\n  (head): Linear(in_features=3, out_features=1, bias=True)\n)',
    );
    // A field re-declared without a value in a subclass is defined as undefined under
    // [[Define]] semantics: an error that names the fix, never a silently dropped layer.
    if (fieldsAreDefined) {
      expect(() => new Redeclared()).toThrow(
        "Redeclared: cannot assign undefined as child module 'head' (nn.Module or null expected); a class field declared without a value redefines 'head' as undefined: write `declare head: ...`.",
      );
    } else {
      expect(new Redeclared().namedChildren().map(([n]) => n)).toEqual(['features', 'head']);
    }
  });
});
