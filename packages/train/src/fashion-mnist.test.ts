import '@strata/backend-cpu';
import { manualSeed } from '@strata/core';
import { Compose, DataLoader, FashionMNIST, Normalize, ToTensor } from '@strata/data';
import { lenetModern } from '@strata/models';
import { Adam } from '@strata/optim';
import { describe, expect, it } from 'vitest';
import * as loop from './fit.js';
import { xavierInit } from './xavier-init.js';

// The CI training run: a few hundred steps on the embedded Fashion-MNIST sample (6,000 training
// and 1,000 test images of the real data set). Chance is 0.1; the full runs in docs/results.md
// reach 0.90 and more.
describe('training on Fashion-MNIST', () => {
  it('LeNet (ReLU, max pooling) with Adam clears 0.75 test accuracy in 282 steps', async () => {
    manualSeed(0);
    const transform = new Compose([new ToTensor(), new Normalize([0.286], [0.353])]);
    const train = new FashionMNIST({ train: true, embeddedSample: true, transform });
    const test = new FashionMNIST({ train: false, embeddedSample: true, transform });
    const net = xavierInit(lenetModern());
    const result = await loop.fit(net, {
      trainLoader: new DataLoader(train, { batchSize: 64, shuffle: true, seed: 1 }),
      testLoader: new DataLoader(test, { batchSize: 500 }),
      optimizer: new Adam(net.parameters(), { lr: 2e-3 }),
      epochs: 3,
    });
    const accuracy = result.history.at(-1)!.testAccuracy!;
    console.log(`embedded sample, 3 epochs of 94 steps: test accuracy ${accuracy.toFixed(3)}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.75);
  });
});
