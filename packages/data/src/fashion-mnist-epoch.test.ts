import '@strata/backend-cpu';
import { existsSync } from 'node:fs';
import { undisposedTensors } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { FashionMNIST } from './datasets/fashion-mnist.js';
import { randomSplit } from './datasets/random-split.js';
import { DataLoader } from './loader/data-loader.js';
import { Compose } from './transforms/compose.js';
import { RandomHorizontalFlip } from './transforms/random-horizontal-flip.js';
import { ToTensor } from './transforms/to-tensor.js';

const SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';
const hasSystemData = existsSync(`${SYSTEM_DIR}/train-images-idx3-ubyte.gz`);
if (!hasSystemData) {
  console.warn(`skipping the full-epoch test: ${SYSTEM_DIR} is missing (apt-get install dataset-fashion-mnist)`);
}

async function epoch<T>(
  loader: DataLoader<T>,
): Promise<{ batches: number; images: number; labels: number[]; min: number; max: number }> {
  const labels = new Array<number>(10).fill(0);
  let batches = 0;
  let images = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for await (const [x, y] of loader) {
    expect(x.dtype).toBe('float32');
    expect(y.dtype).toBe('int32');
    expect(x.shape.slice(1)).toEqual([1, 28, 28]);
    batches++;
    images += x.shape[0]!;
    for (const label of y.dataSync()) labels[label]!++;
    const values = x.dataSync();
    for (let i = 0; i < values.length; i += 97) {
      min = Math.min(min, values[i]!);
      max = Math.max(max, values[i]!);
    }
    x.dispose();
    y.dispose();
  }
  return { batches, images, labels, min, max };
}

describe('a Fashion-MNIST epoch through the DataLoader (batch 256, shuffle, ToTensor)', () => {
  it.skipIf(!hasSystemData)('reads all 60,000 training images from the system directory', async () => {
    const train = new FashionMNIST({ train: true, transform: new ToTensor() });
    expect(train.source.kind).not.toBe('embedded-sample');
    const loader = new DataLoader(train, { batchSize: 256, shuffle: true, seed: 1 });
    expect(loader.length).toBe(235);
    const before = undisposedTensors();
    const result = await epoch(loader);
    expect(result.batches).toBe(235);
    expect(result.images).toBe(60000);
    expect(result.labels).toEqual(new Array(10).fill(6000));
    expect(result.min).toBeGreaterThanOrEqual(0);
    expect(result.max).toBeLessThanOrEqual(1);
    expect(undisposedTensors()).toBe(before);
  });

  it('reads the embedded sample, a named source never substituted for the full set', async () => {
    const sample = new FashionMNIST({ train: true, embeddedSample: true, transform: new ToTensor() });
    expect(sample.source.kind).toBe('embedded-sample');
    const result = await epoch(new DataLoader(sample, { batchSize: 256, shuffle: true, seed: 2 }));
    expect(result.images).toBe(6000);
    expect(result.labels).toEqual(new Array(10).fill(600));
  });

  it('a random split keeps raw samples, so workers and per-epoch augmentation still apply', async () => {
    const sample = new FashionMNIST({
      train: false,
      embeddedSample: true,
      transform: new Compose([new RandomHorizontalFlip(0.5), new ToTensor()]),
    });
    const [part] = randomSplit(sample, [0.5, 0.5], { seed: 3 });
    expect(typeof part!.getRaw).toBe('function');
    const loader = new DataLoader(part!, { batchSize: 100, shuffle: false, seed: 4, numWorkers: 2 });
    const first: number[] = [];
    const second: number[] = [];
    for (const into of [first, second]) {
      for await (const [x, y] of loader) {
        into.push(...x.dataSync());
        x.dispose();
        y.dispose();
      }
    }
    expect(first).toHaveLength(500 * 784);
    // The same images in the same order, flipped differently in the two epochs.
    expect(first).not.toEqual(second);
  });
});
