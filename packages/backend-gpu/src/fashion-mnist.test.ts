import { manualSeed, setBackend } from '@strata/core';
import { Compose, DataLoader, FashionMNIST, Normalize, ToTensor } from '@strata/data';
import { lenetModern } from '@strata/models';
import { Adam } from '@strata/optim';
import * as loop from '@strata/train';
import { describe, expect, it } from 'vitest';
import './index.js';

/**
 * The CPU's CI run (packages/train/src/fashion-mnist.test.ts) trains 3 epochs of 94 steps of 64
 * and must clear 0.75. On llvmpipe a LeNet step of 64 takes about 1.2 s, so that would cost CI
 * about 6 minutes. This run sees each image once, as one epoch (about 2 minutes), in 188 steps of
 * 32 (the same recipe otherwise): one epoch of 94 steps of 64 lands at 0.75 +- 0.01, depending on
 * the order float32 sums are taken in, too close to the bar to test against it.
 */
const BAR = 0.75;

describe('training on Fashion-MNIST on the GPU backend', () => {
  it(`LeNet (ReLU, max pooling) with Adam clears ${BAR} test accuracy in one epoch of 188 steps of 32`, {
    timeout: 600_000,
  }, async () => {
    setBackend('gpu');
    manualSeed(0);
    const transform = new Compose([new ToTensor(), new Normalize([0.286], [0.353])]);
    const train = new FashionMNIST({ train: true, embeddedSample: true, transform });
    const test = new FashionMNIST({ train: false, embeddedSample: true, transform });
    const net = loop.xavierInit(lenetModern());
    const start = performance.now();
    const result = await loop.fit(net, {
      trainLoader: new DataLoader(train, { batchSize: 32, shuffle: true, seed: 1 }),
      testLoader: new DataLoader(test, { batchSize: 500 }),
      optimizer: new Adam(net.parameters(), { lr: 2e-3 }),
      epochs: 1,
    });
    const accuracy = result.history.at(-1)!.testAccuracy!;
    console.log(
      `gpu, embedded sample, 1 epoch of 188 steps of 32: test accuracy ${accuracy.toFixed(3)} in ${((performance.now() - start) / 1000).toFixed(0)} s`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(BAR);
  });
});
