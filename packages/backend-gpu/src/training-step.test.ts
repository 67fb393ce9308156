import '@strata/backend-cpu';
import { crossEntropy, findBackend, manualSeed, randint, randn, type Tensor, tidy } from '@strata/core';
import { expectClose, type Tolerance } from '@strata/core/testing';
import { lenetModern, resnet18 } from '@strata/models';
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  type Module,
  ReLU,
  Sequential,
} from '@strata/nn';
import { SGD } from '@strata/optim';
import { describe, expect, it } from 'vitest';
import './index.js';
import type { GpuBackend } from './gpu-backend.js';

/**
 * One training step on both backends. The GPU sums in another order (a convolution's filter
 * gradient adds batch x 28 x 28 products in one loop, the CPU in blocked GEMM tiles), so float32
 * results differ by accumulated rounding, a few units in the 5th significant digit.
 */
const STEP_TOLERANCE: Tolerance = { atol: 2e-5, rtol: 2e-3 };

function trainStep(model: Module & { forward(x: Tensor): Tensor }, x: Tensor, y: Tensor, optimizer: SGD): Tensor {
  const loss = crossEntropy(model.forward(x), y);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  return loss;
}

/** Builds the same model twice from one seed, steps each on its backend, compares everything. */
function compareStep(build: () => Module & { forward(x: Tensor): Tensor }, inputShape: number[]): void {
  manualSeed(0);
  const cpuModel = build().to('cpu');
  manualSeed(0);
  const gpuModel = build().to('gpu');
  const x = randn(inputShape, { backend: 'cpu' });
  const y = randint(0, 10, [inputShape[0]!], { backend: 'cpu' });
  const cpuLoss = trainStep(cpuModel, x, y, new SGD(cpuModel.parameters(), { lr: 0.1, momentum: 0.9 }));
  const gpuLoss = trainStep(
    gpuModel,
    x.to('gpu'),
    y.to('gpu'),
    new SGD(gpuModel.parameters(), { lr: 0.1, momentum: 0.9 }),
  );
  expectClose(gpuLoss, [], cpuLoss.dataSync(), STEP_TOLERANCE, 'loss');
  const gpuParams = new Map(gpuModel.namedParameters());
  for (const [name, p] of cpuModel.namedParameters()) {
    const q = gpuParams.get(name)!;
    expect(q.backend).toBe('gpu');
    expectClose(q.grad!, p.grad!.shape, p.grad!.dataSync(), STEP_TOLERANCE, `${name}.grad`);
    expectClose(q, p.shape, p.dataSync(), STEP_TOLERANCE, `${name} after the step`);
  }
}

describe('a training step on the GPU matches the CPU', () => {
  it('LeNet (ReLU, max pooling): loss, every gradient, every updated weight', { timeout: 60_000 }, () => {
    compareStep(() => lenetModern(), [8, 1, 28, 28]);
  });

  // 64 x 64 inputs leave a 2 x 2 map in the last stage: batch norm there normalises 16 values
  // per channel. At 32 x 32 it normalises 4, and that ill-conditioned step amplifies float32
  // rounding to ~1% in the first layer's gradient on either backend.
  it('ResNet-18 (width / 16, batch norm in training mode): loss, gradients, weights', { timeout: 120_000 }, () => {
    compareStep(() => resnet18({ ratio: 16 }), [4, 1, 64, 64]);
  });

  // The chapter's ResNet-18 first stage at its input size and a batch of 256: the convolution,
  // batch norm and ReLU outputs and their gradients hold 256 x 64 x 48 x 48 = 37.7 M values,
  // past float32's exact indices, so they are stored in rows (GpuBackendOptions.splitAbove).
  it('the chapter ResNet-18 stem on 256 images of 96 x 96 (37.7 M-value activations in rows)', {
    timeout: 900_000,
  }, () => {
    expect(256 * 64 * 48 * 48).toBeGreaterThan(2 ** 24);
    const stem = () =>
      new Sequential(
        new Conv2d(1, 64, 7, { stride: 2, padding: 3 }),
        new BatchNorm2d(64),
        new ReLU(),
        new MaxPool2d(3, { stride: 2, padding: 1 }),
        new AdaptiveAvgPool2d([1, 1]),
        new Flatten(),
        new Linear(64, 10),
      );
    compareStep(stem, [256, 1, 96, 96]);
  });
});

describe('a LeNet training loop on the GPU', () => {
  it('reads nothing back, compiles and allocates nothing after the first steps, and keeps GPU memory flat', {
    timeout: 120_000,
  }, () => {
    const backend = findBackend('gpu') as GpuBackend;
    manualSeed(0);
    const model = lenetModern().to('gpu');
    const optimizer = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const x = randn([16, 1, 28, 28], { backend: 'gpu' });
    const y = randint(0, 10, [16], { backend: 'gpu' });
    const step = () => tidy(() => void trainStep(model, x, y, optimizer));
    // Momentum's steady state starts at step 3: the buffer's update first runs in step 2, and in
    // step 3, reading its own last output, it gets the second texture it alternates with after.
    for (let i = 0; i < 3; i++) step();
    const before = backend.stats();
    const bytes = backend.memory().bytes;
    for (let i = 0; i < 5; i++) step();
    const after = backend.stats();
    expect(after.readbacks - before.readbacks).toBe(0);
    expect(after.compiles - before.compiles).toBe(0);
    expect(after.kernelRuns - before.kernelRuns).toBeGreaterThan(5 * 20);
    expect(after.texturesAllocated - before.texturesAllocated).toBe(0);
    expect(after.texturesReused - before.texturesReused).toBeGreaterThan(5 * 20);
    expect(after.pooledBytes).toBe(before.pooledBytes);
    expect(backend.memory().bytes).toBe(bytes);
  });

  it('keeps GPU bytes and buffers flat over 1,000 steps (a small MLP, so the loop is quick)', {
    timeout: 120_000,
  }, () => {
    const backend = findBackend('gpu') as GpuBackend;
    manualSeed(0);
    const model = new Sequential(new Linear(20, 16), new ReLU(), new Linear(16, 4)).to('gpu');
    const optimizer = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    const x = randn([8, 20], { backend: 'gpu' });
    const y = randint(0, 4, [8], { backend: 'gpu' });
    const step = () => tidy(() => void trainStep(model, x, y, optimizer));
    for (let i = 0; i < 10; i++) step();
    const before = backend.memory();
    for (let i = 0; i < 990; i++) step();
    expect(backend.memory()).toEqual(before);
  });
});
