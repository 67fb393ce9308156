import {
  crossEntropy,
  findBackend,
  manualSeed,
  noGrad,
  randint,
  randn,
  setBackend,
  type Tensor,
  tidy,
} from '@strata/core';
import { lenetModern } from '@strata/models';
import { SGD } from '@strata/optim';
import type { GpuBackend } from '../src/gpu-backend.js';

/** What one backend run of the LeNet benchmark measures. */
export interface LenetTiming {
  batch: number;
  trainImagesPerSec: number;
  inferImagesPerSec: number;
  firstStepMs: number;
  compiles: number;
  compileMs: number;
  readbacksPerStep: number;
  uploadsPerStep: number;
  /** GL textures created per warmed-up step (0 when the pool serves every output). */
  texturesAllocatedPerStep: number;
  /** Kernel outputs drawn into a pooled texture per step. */
  texturesReusedPerStep: number;
}

/**
 * Times d2l's modern LeNet (ReLU, max pooling) on the registered 'gpu' backend: the first
 * training step (which compiles every program), `steps` more training steps with SGD, and
 * `steps` forward passes. Each timed run ends with one read, which waits for the GPU.
 */
export function timeLenet(batch: number, steps: number): LenetTiming {
  setBackend('gpu');
  const backend = findBackend('gpu') as GpuBackend;
  manualSeed(0);
  const model = lenetModern();
  const optimizer = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const x = randn([batch, 1, 28, 28]);
  const y = randint(0, 10, [batch]);
  const step = (): Tensor =>
    tidy(() => {
      const loss = crossEntropy(model.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      return loss;
    });
  let start = performance.now();
  step().item();
  const firstStepMs = performance.now() - start;
  const before = backend.stats();
  start = performance.now();
  let loss = step();
  for (let i = 1; i < steps; i++) {
    loss.dispose();
    loss = step();
  }
  const stepStats = backend.stats();
  loss.item();
  const trainSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  model.eval();
  noGrad(() => {
    for (let i = 0; i < steps; i++) tidy(() => void model.forward(x));
    tidy(() => model.forward(x).sum().item());
  });
  const inferSeconds = (performance.now() - start) / 1000;
  const stats = backend.stats();
  return {
    batch,
    trainImagesPerSec: (batch * steps) / trainSeconds,
    inferImagesPerSec: (batch * (steps + 1)) / inferSeconds,
    firstStepMs,
    compiles: stats.compiles,
    compileMs: stats.compileMs,
    readbacksPerStep: (stepStats.readbacks - before.readbacks) / steps,
    uploadsPerStep: (stepStats.uploads - before.uploads) / steps,
    texturesAllocatedPerStep: (stepStats.texturesAllocated - before.texturesAllocated) / steps,
    texturesReusedPerStep: (stepStats.texturesReused - before.texturesReused) / steps,
  };
}
