import '@strata/backend-cpu';
import {
  elu,
  gelu,
  hardsigmoid,
  hardswish,
  leakyRelu,
  logSigmoid,
  mish,
  silu,
  softplus,
  type Tensor,
  tensor,
} from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { Module } from '../module/module.js';
import { Sequential } from '../module/containers.js';
import { ELU, GELU, Hardsigmoid, Hardswish, LeakyReLU, LogSigmoid, Mish, SiLU, Softplus } from './activations.js';
import { Linear } from './linear.js';

// The numbers are the core functions' (checked against PyTorch in core's conformance suite); a
// layer must pass its own constructor arguments on to them.
const x = () => tensor([-25, -3, -1.5, -0.5, 0, 0.5, 1.5, 3, 6, 12]);
const layers: [string, Module & { forward(x: Tensor): Tensor }, (x: Tensor) => Tensor][] = [
  ['GELU()', new GELU(), (v) => gelu(v)],
  ["GELU('tanh')", new GELU('tanh'), (v) => gelu(v, { approximate: 'tanh' })],
  ['SiLU()', new SiLU(), silu],
  ['Softplus(2, 5)', new Softplus(2, 5), (v) => softplus(v, { beta: 2, threshold: 5 })],
  ['ELU(0.5)', new ELU(0.5), (v) => elu(v, { alpha: 0.5 })],
  ['LeakyReLU(0.2)', new LeakyReLU(0.2), (v) => leakyRelu(v, { negativeSlope: 0.2 })],
  ['Hardswish()', new Hardswish(), hardswish],
  ['Hardsigmoid()', new Hardsigmoid(), hardsigmoid],
  ['Mish()', new Mish(), mish],
  ['LogSigmoid()', new LogSigmoid(), logSigmoid],
];

describe('activation layers', () => {
  it.each(layers)('%s applies its core function with its arguments', (_name, layer, fn) => {
    expect(layer.forward(x()).toArray()).toEqual(fn(x()).toArray());
  });

  it('the arguments change the result (so the test above sees them)', () => {
    expect(new Softplus(2, 5).forward(x()).toArray()).not.toEqual(softplus(x()).toArray());
    expect(new ELU(0.5).forward(x()).toArray()).not.toEqual(elu(x()).toArray());
    expect(new LeakyReLU(0.2).forward(x()).toArray()).not.toEqual(leakyRelu(x()).toArray());
    expect(new GELU('tanh').forward(x()).toArray()).not.toEqual(gelu(x()).toArray());
  });

  it.each(layers)('%s trains inside a Sequential: gradients reach the Linear before it', (_name, layer) => {
    const net = new Sequential(new Linear(3, 4), layer, new Linear(4, 1));
    net
      .forward(tensor([[0.5, -1, 2]]))
      .sum()
      .backward();
    const grads = net.parameters().map((p) => p.grad);
    expect(grads.every((g) => g !== null && Array.from(g.dataSync()).every(Number.isFinite))).toBe(true);
  });
});
