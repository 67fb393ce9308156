import '@strata/backend-cpu';
import { type AdaptiveOutputSize, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { GoldenCase, GoldenFile } from '../__fixtures__/golden.js';
import reprsJson from '../__fixtures__/reprs.json' with { type: 'json' };
import { BCEWithLogitsLoss } from '../losses/bce-with-logits-loss.js';
import { CrossEntropyLoss } from '../losses/cross-entropy-loss.js';
import { MSELoss } from '../losses/mse-loss.js';
import { NLLLoss } from '../losses/nll-loss.js';
import type { Module } from '../module/module.js';
import { ELU, GELU, Hardsigmoid, Hardswish, LeakyReLU, LogSigmoid, Mish, SiLU, Softplus } from './activations.js';
import { AdaptiveMaxPool2d } from './adaptive-max-pool2d.js';
import { AvgPool2d } from './avg-pool2d.js';
import { BatchNorm1d } from './batch-norm1d.js';
import { BatchNorm2d } from './batch-norm2d.js';
import { Conv2d } from './conv2d.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import { Identity } from './identity.js';
import { MaxPool2d } from './max-pool2d.js';

// Options in the fixtures are the strata constructor's; each layer checks its own at runtime.
type AnyOptions = never;

const factories: Record<string, (args: unknown[], options: AnyOptions) => Module> = {
  Dropout: (args) => new Dropout(...(args as [number?])),
  Flatten: (args) => new Flatten(...(args as [number?, number?])),
  Identity: () => new Identity(),
  MaxPool2d: ([k], o) => new MaxPool2d(k as number, o),
  AvgPool2d: ([k], o) => new AvgPool2d(k as number, o),
  AdaptiveMaxPool2d: ([size]) => new AdaptiveMaxPool2d(size as AdaptiveOutputSize),
  BatchNorm1d: ([n], o) => new BatchNorm1d(n as number, o),
  BatchNorm2d: ([n], o) => new BatchNorm2d(n as number, o),
  Conv2d: ([i, out, k], o) => new Conv2d(i as number, out as number, k as number, o),
  CrossEntropyLoss: (_args, o) => new CrossEntropyLoss(o),
  MSELoss: (_args, o) => new MSELoss(o),
  NLLLoss: (_args, o) => new NLLLoss(o),
  BCEWithLogitsLoss: (_args, o) => new BCEWithLogitsLoss(o),
  GELU: (args) => new GELU(...(args as ['none' | 'tanh'])),
  SiLU: () => new SiLU(),
  Softplus: ([beta], o) => new Softplus(beta as number, o),
  ELU: (args) => new ELU(...(args as [number])),
  LeakyReLU: (_args, o) => new LeakyReLU(o),
  Hardswish: () => new Hardswish(),
  Hardsigmoid: () => new Hardsigmoid(),
  Mish: () => new Mish(),
  LogSigmoid: () => new LogSigmoid(),
};

const cases = (reprsJson as unknown as GoldenFile).cases.filter((c: GoldenCase) => !c.layer.startsWith('Lazy'));

describe("layers print as PyTorch's str(layer)", () => {
  it.each(cases.map((c) => [c.repr, c] as const))('%s', (_repr, c) => {
    expect(String(factories[c.layer]!(c.args, c.options as AnyOptions))).toBe(c.repr);
  });

  it('a loss with a pos_weight buffer prints no arguments, as PyTorch', () => {
    expect(String(new BCEWithLogitsLoss({ posWeight: tensor([1, 2]) }))).toBe('BCEWithLogitsLoss()');
  });
});
