import { queryObjects } from 'node:v8';
import { memoryScope, randn, Tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import './index.js';

const STEPS = 1000;

/** Live `Tensor` objects, counted by V8 after a full collection (garbage is not counted). */
const liveTensors = (): number => queryObjects(Tensor, { format: 'count' }) as number;

describe('reshapes under autograd', () => {
  // A synchronous loop never ends its job, as a for await loop over resolved promises does not:
  // whatever the job keeps alive (a WeakRef's target, for one) stays until the loop is over.
  it(`keep no tensor objects alive across ${STEPS} training steps run in one job`, { timeout: 60_000 }, () => {
    const x = randn([4, 6], { backend: 'cpu' });
    const w = randn([6, 6], { backend: 'cpu', requiresGrad: true });
    const step = () => {
      using _ = memoryScope();
      const h = x.matmul(w);
      const flat = h.reshape([-1]);
      // A write through one alias rebases the base; the other alias derives its history again.
      h.view([4, 6]).relu_();
      flat.unsqueeze(0).flatten().square().sum().backward();
    };
    for (let i = 0; i < 10; i++) step();
    const before = liveTensors();
    for (let i = 0; i < STEPS; i++) step();
    expect(liveTensors()).toBe(before);
  });
});
