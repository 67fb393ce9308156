import { manualSeed, rand, randint } from '@strata/core';
import { resnet18 } from '@strata/models';
import { computeRatios } from '../ratios.js';
import type { EngineResult, WorkloadReport } from '../report.js';
import { significant } from '../statistics.js';
import { forEachStrataThreadCount } from '../threads.js';
import { sgdStep } from './sgd-step.js';

/**
 * The ResNet-18 training case, which `scripts/torch_bench.py` runs with the same values
 * (passed on its command line): d2l's ResNet-18 at 1/4 width, one-channel 32x32 images, batch 128,
 * SGD; `warmUp` untimed steps, then `steps` steps timed together.
 *
 * @example
 * ```ts
 * const net = resnet18({ ratio: RESNET_CASE.ratio });
 * ```
 */
export const RESNET_CASE = { ratio: 4, inputSize: 32, batch: 128, lr: 0.05, warmUp: 3, steps: 16 } as const;

/**
 * The workload's name, shared with `scripts/torch_bench.py`.
 *
 * @example
 * ```ts
 * report.workloads.find((w) => w.name === RESNET_WORKLOAD);
 * ```
 */
export const RESNET_WORKLOAD = 'resnet18-train';

/**
 * Trainable parameters of strata's `resnet18({ ratio: 4 })`, to compare with PyTorch's network.
 *
 * @example
 * ```ts
 * resnetParameterCount(); // 700k or so
 * ```
 */
export function resnetParameterCount(): number {
  return resnet18({ ratio: RESNET_CASE.ratio })
    .parameters()
    .reduce((sum, p) => sum + p.size, 0);
}

/**
 * ResNet-18 training images/s at each strata thread count: {@link RESNET_CASE}'s steps timed
 * together (wall clock, the loss read back each step as PyTorch's `loss.item()` does).
 *
 * @example
 * ```ts
 * const report = await benchResnet();
 * ```
 */
export async function benchResnet(): Promise<WorkloadReport> {
  const { ratio, inputSize, batch, lr, warmUp, steps } = RESNET_CASE;
  const results: EngineResult[] = await forEachStrataThreadCount(async (threads) => {
    manualSeed(0);
    const net = resnet18({ ratio });
    const x = rand([batch, 1, inputSize, inputSize]);
    const y = randint(0, 10, [batch], { dtype: 'int32' });
    const step = sgdStep(net, x, y, lr);
    for (let s = 0; s < warmUp; s++) step();
    const start = performance.now();
    for (let s = 0; s < steps; s++) step();
    const ms = performance.now() - start;
    x.dispose();
    y.dispose();
    return {
      engine: 'strata-cpu',
      threads,
      value: significant((steps * batch * 1000) / ms),
      medianMs: significant(ms / steps, 4),
      steps,
    };
  });
  return {
    name: RESNET_WORKLOAD,
    group: 'resnet',
    unit: 'images/s',
    shape: `resnet18 at 1/${ratio} width (${resnetParameterCount().toLocaleString('en-US')} parameters), batch ${batch}, 1x${inputSize}x${inputSize}, SGD, ${steps} steps after ${warmUp}`,
    results,
    ratios: computeRatios(results),
  };
}
