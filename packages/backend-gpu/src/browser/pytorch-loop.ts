import { findBackend, manualSeed, memory, noGradScope } from '@strata/core';
import { DataLoader, type RawImage, type RawSampleDataset, ToTensor } from '@strata/data';
import { lenetModern } from '@strata/models';
import { CrossEntropyLoss } from '@strata/nn';
import { Adam } from '@strata/optim';
import type { GpuBackend } from '../gpu-backend.js';

/**
 * 28 x 28 grey images and their labels held in memory (the embedded Fashion-MNIST sample's bytes),
 * read as FashionMNIST reads them, so the same loop runs in Node and in a page.
 *
 * @example
 * ```ts
 * const images = new SampleImages(train.data, train.targets);
 * ```
 */
export class SampleImages implements RawSampleDataset {
  readonly length: number;
  readonly transform = new ToTensor();

  constructor(
    readonly data: Uint8Array,
    readonly targets: Uint8Array,
  ) {
    this.length = targets.length;
  }

  getRaw(index: number): [RawImage, number] {
    const data = this.data.slice(index * 784, (index + 1) * 784);
    return [{ kind: 'raw', data, height: 28, width: 28, channels: 1 }, this.targets[index]!];
  }

  get(): never {
    throw new Error('SampleImages: the DataLoader reads samples through getRaw');
  }
}

/** Memory as the loop saw it at one step: tensors, bytes, and the GPU's texture figures. */
export interface LoopSnapshot {
  readonly step: number;
  readonly tensors: number;
  readonly bytes: number;
  readonly texturesAllocated: number;
  readonly pooledBytes: number;
}

/** What {@link pytorchStyleLoop} measured. */
export interface LoopReport {
  readonly early: LoopSnapshot;
  readonly late: LoopSnapshot;
  readonly firstLosses: number;
  readonly lastLosses: number;
  /** Live tensors after each evaluation batch, and after the evaluation loop. */
  readonly evalTensors: readonly number[];
  readonly afterEval: number;
  readonly afterTraining: number;
  readonly evalRequiresGrad: boolean;
  readonly correct: number;
  readonly evaluated: number;
}

function snapshot(step: number): LoopSnapshot {
  const stats = (findBackend('gpu') as GpuBackend).stats();
  const m = memory();
  return {
    step,
    tensors: m.numTensors,
    bytes: m.numBytes,
    texturesAllocated: stats.texturesAllocated,
    pooledBytes: stats.pooledBytes,
  };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The chapters' training loop written exactly as in PyTorch (no tidy, no dispose) on the current
 * backend, for `steps` steps of LeNet with Adam at batch 4, then an evaluation loop of
 * `evalBatches` batches under `noGradScope` that reads `.item()` inside `for await`. It records
 * memory at step `early` and at the last step.
 *
 * @example
 * ```ts
 * const report = await pytorchStyleLoop(train, test, { steps: 60, early: 10, evalBatches: 3 });
 * ```
 */
export async function pytorchStyleLoop(
  train: SampleImages,
  test: SampleImages,
  options: { steps: number; early: number; evalBatches: number },
): Promise<LoopReport> {
  manualSeed(0);
  const trainLoader = new DataLoader(train, { batchSize: 4, shuffle: true, seed: 0 });
  const testLoader = new DataLoader(test, { batchSize: 50 });
  const net = lenetModern();
  const lossFn = new CrossEntropyLoss();
  const optimizer = new Adam(net.parameters(), { lr: 1e-3 });

  const losses: number[] = [];
  let early: LoopSnapshot | undefined;
  let late: LoopSnapshot | undefined;
  while (late === undefined) {
    for await (const [X, y] of trainLoader) {
      optimizer.zeroGrad();
      const loss = lossFn.forward(net.forward(X), y);
      loss.backward();
      optimizer.step();
      losses.push(loss.item() as number);
      if (losses.length === options.early) early = snapshot(losses.length);
      if (losses.length === options.steps) {
        late = snapshot(losses.length);
        break;
      }
    }
  }
  const afterTraining = memory().numTensors;

  net.eval();
  let correct = 0;
  let evaluated = 0;
  let evalRequiresGrad = false;
  const evalTensors: number[] = [];
  {
    using _ = noGradScope();
    for await (const [X, y] of testLoader) {
      const output = net.forward(X);
      evalRequiresGrad ||= output.requiresGrad;
      correct += output.argmax(1).eq(y).sum().item() as number;
      evaluated += y.shape[0]!;
      evalTensors.push(memory().numTensors);
      if (evalTensors.length === options.evalBatches) break;
    }
  }
  const tail = Math.min(options.early, Math.floor(losses.length / 2));
  return {
    early: early!,
    late,
    firstLosses: mean(losses.slice(0, tail)),
    lastLosses: mean(losses.slice(-tail)),
    evalTensors,
    afterEval: memory().numTensors,
    afterTraining,
    evalRequiresGrad,
    correct,
    evaluated,
  };
}
