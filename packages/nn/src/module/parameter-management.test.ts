import '@strata/backend-cpu';
import { manualSeed, noGrad, rand, type Tensor } from '@strata/core';
import { beforeEach, describe, expect, it } from 'vitest';
import * as init from '../init/index.js';
import { Linear } from '../layers/linear.js';
import { ReLU } from '../layers/activations.js';
import { Module } from './module.js';
import { Sequential } from './containers.js';

// The parameter-management section of the d2l chapters (Dive into Deep Learning), as tests.
const linear = (m: Module): m is Linear => m instanceof Linear;
const fc = (net: Sequential, i: number) => net.at(i) as Linear;
const row = (t: Tensor, i: number) => (t.toArray() as number[][])[i]!;

describe('parameter management (d2l)', () => {
  let net: Sequential;
  let X: Tensor;
  beforeEach(() => {
    manualSeed(0);
    net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
    X = rand([2, 4]);
  });

  it('runs the single-hidden-layer network', () => {
    expect(net.forward(X).shape).toEqual([2, 1]);
  });

  it("net[2].state_dict() holds the output layer's weight and bias", () => {
    const sd = fc(net, 2).stateDict();
    expect(Object.keys(sd)).toEqual(['weight', 'bias']);
    expect(sd.weight!.shape).toEqual([1, 8]);
    expect(sd.bias!.shape).toEqual([1]);
    expect(fc(net, 2).bias!.requiresGrad).toBe(true);
    expect(fc(net, 2).weight.grad).toBeNull();
  });

  it('named_parameters of one layer and of the whole net (no 1.weight: ReLU has none)', () => {
    expect(
      fc(net, 0)
        .namedParameters()
        .map(([n, p]) => [n, p.shape]),
    ).toEqual([
      ['weight', [8, 4]],
      ['bias', [8]],
    ]);
    expect(net.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ['0.weight', [8, 4]],
      ['0.bias', [8]],
      ['2.weight', [1, 8]],
      ['2.bias', [1]],
    ]);
    expect(net.stateDict()['2.bias']!.toArray()).toEqual(fc(net, 2).bias!.toArray());
  });

  it('built-in init through apply: normal(0, 0.01) and zeros, then constant 1', () => {
    net.apply((m) => {
      if (linear(m)) {
        init.normal_(m.weight, 0, 0.01);
        init.zeros_(m.bias!);
      }
    });
    const w = fc(net, 0).weight.dataSync();
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThan(0.05);
    expect(fc(net, 0).bias!.toArray()).toEqual(new Array(8).fill(0));
    net.apply((m) => {
      if (linear(m)) {
        init.constant_(m.weight, 1);
        init.zeros_(m.bias!);
      }
    });
    expect(row(fc(net, 0).weight, 0)).toEqual([1, 1, 1, 1]);
  });

  it('different inits for different blocks: xavier for net[0], 42 for net[2]', () => {
    fc(net, 0).apply((m) => {
      if (linear(m)) init.xavierUniform_(m.weight);
    });
    fc(net, 2).apply((m) => {
      if (linear(m)) init.constant_(m.weight, 42);
    });
    const bound = Math.sqrt(6 / (4 + 8));
    expect(Array.from(fc(net, 0).weight.dataSync()).every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(fc(net, 2).weight.toArray()).toEqual([new Array(8).fill(42)]);
  });

  it('custom init: uniform(-10, 10), then zero every weight with |w| < 5', () => {
    const seen: [string, readonly number[]][] = [];
    net.apply((m) => {
      if (!linear(m)) return;
      const [name, p] = m.namedParameters()[0]!;
      seen.push([name, p.shape]);
      init.uniform_(m.weight, -10, 10);
      noGrad(() => m.weight.mul_(m.weight.abs().ge(5)));
    });
    expect(seen).toEqual([
      ['weight', [8, 4]],
      ['weight', [1, 8]],
    ]);
    const w = Array.from(fc(net, 0).weight.dataSync());
    expect(w.every((v) => v === 0 || (Math.abs(v) >= 5 && Math.abs(v) <= 10))).toBe(true);
    expect(w.some((v) => v === 0)).toBe(true);
  });

  it('direct edits: weight[:] += 1 and weight[0, 0] = 42', () => {
    const before = row(fc(net, 0).weight, 0);
    // PyTorch's .data is detach(): an alias that autograd does not track, so no noGrad is needed.
    fc(net, 0).weight.detach().add_(1);
    fc(net, 0).weight.detach().indexPut_([0, 0], 42);
    const after = row(fc(net, 0).weight, 0);
    expect(after[0]).toBe(42);
    after.slice(1).forEach((v, i) => {
      expect(v).toBeCloseTo(before[i + 1]! + 1, 6);
    });
  });

  it('tied layers share one set of parameters, edited and updated once', () => {
    const shared = new Linear(8, 8);
    const tied = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
    tied.forward(X);
    expect(row(fc(tied, 2).weight, 0)).toEqual(row(fc(tied, 4).weight, 0));
    fc(tied, 2).weight.detach().indexPut_([0, 0], 100);
    expect(row(fc(tied, 2).weight, 0)).toEqual(row(fc(tied, 4).weight, 0));
    expect(row(fc(tied, 4).weight, 0)[0]).toBe(100);
    expect(tied.parameters()).toHaveLength(6);
    expect(tied.namedParameters().map(([n]) => n)).toEqual([
      '0.weight',
      '0.bias',
      '2.weight',
      '2.bias',
      '6.weight',
      '6.bias',
    ]);
    // As torch's state_dict: the shared layer is saved under both of its names.
    expect(Object.keys(tied.stateDict())).toEqual([
      '0.weight',
      '0.bias',
      '2.weight',
      '2.bias',
      '4.weight',
      '4.bias',
      '6.weight',
      '6.bias',
    ]);
    // The shared weight collects the gradient of both uses.
    tied.forward(X).sum().backward();
    expect(shared.weight.grad).not.toBeNull();
  });

  it('a hand-written Sequential over registered modules behaves like nn.Sequential', () => {
    class MySequential extends Module {
      readonly blocks: Linear[];
      constructor(...blocks: Linear[]) {
        super();
        this.blocks = blocks.map((b, i) => this.registerModule(String(i), b));
      }
      forward(x: Tensor): Tensor {
        return this.blocks.reduce((out, b) => b.forward(out).relu(), x);
      }
    }
    const mine = new MySequential(new Linear(4, 8), new Linear(8, 2));
    expect(mine.forward(X).shape).toEqual([2, 2]);
    expect(mine.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(String(mine)).toBe(
      'MySequential(\n  (0): Linear(in_features=4, out_features=8, bias=True)\n  (1): Linear(in_features=8, out_features=2, bias=True)\n)',
    );
  });
});
