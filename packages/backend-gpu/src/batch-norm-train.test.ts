import '@strata/backend-cpu';
import { batchNorm, manualSeed, ones, randn, type Tensor, zeros } from '@strata/core';
import { expectClose } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import './index.js';

/** Forward output, running statistics and every gradient of a training-mode batch norm. */
function run(x: Tensor, weight: Tensor, bias: Tensor, dy: Tensor): Tensor[] {
  const [xs, w, b] = [x, weight, bias].map((t) => {
    const leaf = t.detach();
    leaf.requiresGrad = true;
    return leaf;
  });
  const runningMean = zeros([x.shape[1]!], { backend: x.backend });
  const runningVar = ones([x.shape[1]!], { backend: x.backend });
  const y = batchNorm(xs!, runningMean, runningVar, w, b, { training: true });
  y.mul(dy).sum().backward();
  return [y, runningMean, runningVar, xs!.grad!, w!.grad!, b!.grad!];
}

describe('fused batch norm on the GPU', () => {
  // 1,024 channels and 10 samples: the per-channel sums split the batch into chunks of 2, the
  // last ones past the batch's end, which the conformance suite's small batches never reach.
  it('matches the CPU backend when the channel sums run over several samples per chunk', { timeout: 60_000 }, () => {
    manualSeed(0);
    const shape = [10, 1024, 2, 3];
    const inputs = [randn(shape).mul(3).add(1), randn([1024]), randn([1024]), randn(shape)];
    const cpu = run(...(inputs as [Tensor, Tensor, Tensor, Tensor]));
    const gpu = run(...(inputs.map((t) => t.to('gpu')) as [Tensor, Tensor, Tensor, Tensor]));
    const names = ['y', 'runningMean', 'runningVar', 'dx', 'dweight', 'dbias'];
    gpu.forEach((t, i) => {
      expect(t.backend).toBe('gpu');
      expectClose(t, cpu[i]!.shape, cpu[i]!.dataSync(), { atol: 1e-4, rtol: 1e-4 }, names[i]!);
    });
  });
});
