import '@strata/backend-cpu';
import { inspect } from 'node:util';
import { CpuBackend, registerCpuKernels } from '@strata/backend-cpu';
import {
  DTypeError,
  noGrad,
  ones,
  registerBackend,
  rand,
  type Tensor,
  Tensor as TensorClass,
  tensor,
  zeros,
} from '@strata/core';
import { describe, expect, it } from 'vitest';
import { fromSafetensors } from '../io/from-safetensors.js';
import { toSafetensors } from '../io/to-safetensors.js';
import { Linear } from '../layers/linear.js';
import { Buffer } from './buffer.js';
import { Sequential } from './containers.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

class Scaled extends Module {
  gain = new Parameter(ones([3]));
  count = new Buffer(zeros([]));
  fc = new Linear(3, 2);
  forward(x: Tensor): Tensor {
    return this.fc.forward(x.mul(this.gain));
  }
}

describe('Parameter', () => {
  it('is a Tensor that shares the values of its data and is a grad-requiring leaf', () => {
    const data = tensor([1, 2, 3]);
    const p = new Parameter(data);
    expect(p).toBeInstanceOf(Parameter);
    expect(p).toBeInstanceOf(TensorClass);
    expect(p).not.toBe(data);
    expect(p.toArray()).toEqual([1, 2, 3]);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(data.requiresGrad).toBe(false);
    expect(data).not.toBeInstanceOf(Parameter);
  });

  it('cuts the result of an op from its graph, as PyTorch', () => {
    const x = ones([2], { requiresGrad: true });
    const p = new Parameter(x.mul(2));
    expect(p.isLeaf).toBe(true);
    p.sum().backward();
    expect(p.grad!.toArray()).toEqual([1, 1]);
    expect(x.grad).toBeNull();
  });

  it('ops on a parameter return plain tensors', () => {
    const p = new Parameter(ones([2]));
    expect(p.mul(2)).not.toBeInstanceOf(Parameter);
    expect(p.clone()).not.toBeInstanceOf(Parameter);
    expect(noGrad(() => p.mul_(3))).toBe(p);
  });

  it('requiresGrad false makes a frozen parameter; integer data needs it', () => {
    const frozen = new Parameter(tensor([1, 2], { dtype: 'int32' }), false);
    expect(frozen.requiresGrad).toBe(false);
    expect(() => new Parameter(tensor([1, 2], { dtype: 'int32' }))).toThrow(
      new DTypeError(
        'Parameter: expected a floating-point tensor to learn by gradients, got dtype int32; cast it with .float() or pass requiresGrad false.',
      ),
    );
  });

  it('prints as PyTorch prints one', () => {
    expect(String(new Parameter(zeros([2])))).toBe(
      `Parameter containing:\n${String(zeros([2], { requiresGrad: true }))}`,
    );
  });

  it('registerParameter turns a plain tensor into a Parameter in place, keeping references valid', () => {
    class Net extends Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const w = rand([2]);
    const p = new Net().registerParameter('w', w);
    expect(p).toBe(w);
    expect(w).toBeInstanceOf(Parameter);
    expect(w.requiresGrad).toBe(true);
  });

  it('every parameter of the built-in layers is a Parameter', () => {
    const net = new Sequential(new Linear(2, 3), new Linear(3, 1));
    expect(net.parameters().every((p) => p instanceof Parameter)).toBe(true);
    expect(net.at(0).weight).toBeInstanceOf(Parameter);
  });

  it('module.to() keeps the Parameter objects (and their class)', () => {
    registerBackend('cpu-parameter-test', () => new CpuBackend('cpu-parameter-test'));
    registerCpuKernels('cpu-parameter-test');
    const net = new Scaled();
    const gain = net.gain;
    net.to('cpu-parameter-test');
    expect(net.gain).toBe(gain);
    expect(gain).toBeInstanceOf(Parameter);
    expect(gain.backend).toBe('cpu-parameter-test');
    expect(net.count).toBeInstanceOf(Buffer);
    expect(net.count.backend).toBe('cpu-parameter-test');
  });

  it('round-trips through a safetensors file into a module written with fields', () => {
    const a = new Scaled();
    a.gain = new Parameter(tensor([1, 2, 3]));
    const b = new Scaled();
    b.loadStateDict(fromSafetensors(toSafetensors(a.stateDict())).tensors);
    expect(Object.keys(b.stateDict())).toEqual(['gain', 'count', 'fc.weight', 'fc.bias']);
    expect(b.gain.toArray()).toEqual([1, 2, 3]);
    expect(b.gain).toBeInstanceOf(Parameter);
    expect(b.fc.weight.toArray()).toEqual(a.fc.weight.toArray());
  });
});

describe('Buffer', () => {
  it('is a Tensor sharing its data, persistent unless told otherwise', () => {
    const data = tensor([1, 2]);
    const b = new Buffer(data);
    expect(b).toBeInstanceOf(Buffer);
    expect(b).toBeInstanceOf(TensorClass);
    expect(b.toArray()).toEqual([1, 2]);
    expect(b.persistent).toBe(true);
    expect(b.requiresGrad).toBe(false);
    expect(new Buffer(data, { persistent: false }).persistent).toBe(false);
  });
});

describe('printing modules', () => {
  it("console.log and util.inspect print a module's tree, as its toString", () => {
    const net = new Scaled();
    expect(inspect(net)).toBe(String(net));
    expect(inspect({ net }, { depth: 2 })).toContain('(fc): Linear(in_features=3, out_features=2, bias=True)');
  });
});
