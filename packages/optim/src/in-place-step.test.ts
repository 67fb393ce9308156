import { type CpuBackend } from '@strata/backend-cpu';
import { findBackend, memory, randn, Tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import type { ParamState } from './optimizer.js';
import { SGD } from './sgd.js';

type Stepper = { step(): void; readonly state: Map<Tensor, ParamState> };

const optimizers: [string, (params: Tensor[]) => Stepper][] = [
  ['Adam with AMSGrad and weight decay', (p) => new Adam(p, { amsgrad: true, weightDecay: 1e-2 })],
  ['AdamW', (p) => new AdamW(p)],
  ['SGD with Nesterov momentum', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 })],
];

describe('an optimizer step on the CPU', () => {
  for (const [name, make] of optimizers) {
    it(`${name}: writes every parameter and state tensor in place, allocating no storage`, () => {
      const backend = findBackend('cpu') as CpuBackend;
      // LeNet's first convolution and a layer big enough for the update to run on the kernel threads.
      const params = [randn([6, 1, 5, 5], { requiresGrad: true }), randn([120, 400], { requiresGrad: true })];
      for (const p of params) p.grad = randn(p.shape);
      const opt = make(params);
      opt.step();
      const tensors = () =>
        params.flatMap((p) => [p, ...Object.values(opt.state.get(p)!).filter((v) => v instanceof Tensor)]);
      const buffers = tensors().map((t) => t._dataId);
      const before = backend.stats();
      const live = memory();
      for (let step = 0; step < 3; step++) opt.step();
      expect(tensors().every((t, i) => t._dataId === buffers[i])).toBe(true);
      expect(memory().numDataBuffers).toBe(live.numDataBuffers);
      expect(memory().numTensors).toBe(live.numTensors);
      expect(backend.stats().blocksAllocated - before.blocksAllocated).toBe(0);
      expect(backend.stats().buffersAllocated - before.buffersAllocated).toBe(0);
    });
  }
});
