import '@strata/backend-cpu';
import { manualSeed, noGrad, randn } from '@strata/core';
import { expectClose, type Tolerance } from '@strata/core/testing';
import { resnet18 } from '@strata/models';
import { expect, it } from 'vitest';
import './index.js';
import { GpuBackend } from './gpu-backend.js';
import { fillSource } from './programs/index-math.js';

/** Forward pass in float32 on both backends, sums in different orders over up to 8 x 9 x 9 terms per layer. */
const FORWARD_TOLERANCE: Tolerance = { atol: 1e-4, rtol: 1e-3 };

it('a batch of 256 ResNet-18 activations (tensors far wider than a texture row) runs and matches the CPU', {
  timeout: 120_000,
}, () => {
  manualSeed(0);
  const cpuModel = resnet18({ ratio: 16 }).eval();
  manualSeed(0);
  const gpuModel = resnet18({ ratio: 16 }).eval().to('gpu');
  const x = randn([256, 1, 28, 28], { backend: 'cpu' });
  // The first convolution's output, 256 x 4 x 14 x 14 = 200,704 floats, is wider than the
  // largest texture (16,384 on llvmpipe): gpu.js lays it out in a near-square texture.
  expect(256 * 4 * 14 * 14).toBeGreaterThan(16_384);
  const expected = noGrad(() => cpuModel.forward(x));
  const actual = noGrad(() => gpuModel.forward(x.to('gpu')));
  expectClose(actual, [256, 10], expected.dataSync(), FORWARD_TOLERANCE, 'logits');
});

it('refuses a tensor beyond rows of 4096 up to the largest texture with a ShapeError that says what to do', () => {
  const backend = new GpuBackend('gpu-limits');
  const most = backend.capabilities.maxTensorSize;
  expect(most).toBeGreaterThanOrEqual(4096 * 4096);
  const fill = { source: fillSource(0), inputs: [] };
  expect(() => backend.runProgram(fill, [most / 4096 + 1, 4096], 'float32')).toThrow(
    /expected at most \d+ elements .* split the batch/,
  );
});
