import '@strata/backend-cpu';
import { manualSeed, memory, randn, scoped } from '@strata/core';
import { SGD } from '@strata/optim';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d } from '../layers/batch-norm2d.js';
import { Conv2d } from '../layers/conv2d.js';
import { Flatten } from '../layers/flatten.js';
import { LazyLinear } from '../layers/lazy-linear.js';
import { Sequential } from './containers.js';

// A loop whose iterations are memory scopes releases what each iteration created; what a module
// owns must survive it: parameters (those a lazy layer creates inside the loop too), buffers and
// running statistics, gradients and the optimizer's state.
describe('modules inside a loop of memory scopes', () => {
  it('keep their parameters, lazily created ones, running statistics and optimizer state', () => {
    manualSeed(0);
    const net = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new Flatten(), new LazyLinear(3));
    const batchNorm = net.at(1) as BatchNorm2d;
    let optimizer: SGD | undefined;
    const live: number[] = [];
    const means: number[][] = [];
    for (const _ of scoped([0, 1, 2, 3, 4])) {
      const loss = net
        .forward(randn([2, 1, 5, 5]))
        .square()
        .mean();
      optimizer ??= new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      means.push(batchNorm.runningMean!.toArray() as number[]);
      live.push(memory().numTensors);
    }
    expect(new Set(live.slice(1)).size).toBe(1);
    for (const p of net.parameters()) {
      expect(p.isDisposed).toBe(false);
      expect(p.grad?.isDisposed).toBe(false);
      expect(optimizer!.state.get(p)!.momentum_buffer).toHaveProperty('isDisposed', false);
    }
    expect(net.parameters()).toHaveLength(6);
    expect(batchNorm.numBatchesTracked!.item()).toBe(5);
    expect(new Set(means.map((m) => m.join())).size).toBe(5);
  });
});
