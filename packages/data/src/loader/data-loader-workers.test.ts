import '@strata/backend-cpu';
import { Worker } from 'node:worker_threads';
import { ShapeError, type Tensor, tensor } from '@strata/core';
import { undisposedTensors } from '@strata/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FashionMNIST } from '../datasets/fashion-mnist.js';
import { Compose, Lambda, Normalize, RandomCrop, RandomHorizontalFlip, ToTensor } from '../transforms/index.js';
import type { HostTensor, Image, RawImage, Transform } from '../types.js';
import { RawTestDataset } from './__fixtures__/raw-test-dataset.js';
import { TestCompose, TestDelay, TestFailOn, TestJitter, TestToTensor } from './__fixtures__/test-transforms.js';
import { DataLoader, type DataLoaderOptions } from './data-loader.js';

// The workers rebuild the test transforms from this module's transformFromSpec.
const workerImports = [new URL('./__fixtures__/test-transforms.ts', import.meta.url)];

interface HostBatchCopy {
  x: Float32Array;
  xShape: readonly number[];
  y: Int32Array;
}

async function epoch(loader: AsyncIterable<[Tensor, Tensor]>): Promise<HostBatchCopy[]> {
  const batches: HostBatchCopy[] = [];
  for await (const [x, y] of loader) {
    batches.push({ x: x.dataSync() as Float32Array, xShape: x.shape, y: y.dataSync() as Int32Array });
    x.dispose();
    y.dispose();
  }
  return batches;
}

/** Whether two float arrays hold the same bits (vitest's deep equality is slow on megabytes). */
const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function loaders(
  transform: Transform<RawImage, Image>,
  options: DataLoaderOptions,
  length = 37,
): [DataLoader, DataLoader] {
  const ds = new RawTestDataset(length, { height: 5, width: 4, channels: 2, transform });
  return [new DataLoader(ds, options), new DataLoader(ds, { ...options, numWorkers: 2, workerImports })];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('DataLoader with numWorkers > 0', () => {
  it('yields bit-identical batches to numWorkers 0, epoch after epoch', async () => {
    const jitter = new TestCompose([new TestToTensor(), new TestJitter()]);
    const [main, workers] = loaders(jitter, { batchSize: 8, shuffle: true, seed: 5, prefetch: 1 });
    for (let e = 0; e < 2; e++) {
      const expected = await epoch(main);
      const actual = await epoch(workers);
      expect(actual.map((b) => b.xShape)).toEqual(expected.map((b) => b.xShape));
      expect(actual.map((b) => b.xShape.at(0))).toEqual([8, 8, 8, 8, 5]);
      actual.forEach((b, i) => {
        expect(b.y).toEqual(expected[i]!.y);
        expect(sameBits(b.x, expected[i]!.x)).toBe(true);
      });
    }
  });

  it('runs FashionMNIST with the built-in random transforms bit-identically', async () => {
    const transform = new Compose<RawImage, HostTensor>([
      new RandomCrop(28, { padding: 4 }),
      new RandomHorizontalFlip(),
      new ToTensor(),
      new Normalize([0.286], [0.353]),
    ]);
    const test = new FashionMNIST({ train: false, embeddedSample: true, transform });
    const options = { batchSize: 128, shuffle: true, seed: 3 };
    const expected = await epoch(new DataLoader(test, options));
    const actual = await epoch(new DataLoader(test, { ...options, numWorkers: 2 }));
    expect(actual.map((b) => b.xShape)).toEqual(expected.map((b) => b.xShape));
    expect(actual[0]!.xShape).toEqual([128, 1, 28, 28]);
    actual.forEach((b, i) => {
      expect(b.y).toEqual(expected[i]!.y);
      expect(sameBits(b.x, expected[i]!.x)).toBe(true);
    });
  });

  it('refuses at construction a pipeline that cannot cross threads', () => {
    const transform = new Compose<RawImage, HostTensor>([new Lambda((raw: RawImage) => raw), new ToTensor()]);
    const ds = new RawTestDataset(4, { transform });
    expect(() => new DataLoader(ds, { numWorkers: 2 })).toThrow(
      /Compose: expected every transform to have toSpec\(\)|Lambda/,
    );
  });

  it('keeps the dataset buffer that getRaw views, sending copies', async () => {
    const ds = new RawTestDataset(4, { transform: new TestToTensor() });
    await epoch(new DataLoader(ds, { batchSize: 2, seed: 0, numWorkers: 1, workerImports }));
    expect(ds.bytes.byteLength).toBe(4 * 12);
  });

  it('delivers batches in order when a later batch is ready first', async () => {
    // Batch 0's samples (worker 0) are slow; batch 1 (worker 1) finishes long before.
    const slow = new TestCompose([new TestDelay([0, 31, 62, 93], 80), new TestToTensor()]);
    const [main, workers] = loaders(slow, { batchSize: 4, prefetch: 2, seed: 0 }, 16);
    const labels = (await epoch(workers)).map((b) => Array.from(b.y));
    expect(labels).toEqual((await epoch(main)).map((b) => Array.from(b.y)));
    expect(labels[0]).toEqual([0, 1, 2, 3]);
  });

  it('passes samples to a custom collate, as on the main thread', async () => {
    const collate = (samples: [Image, number][]): [Tensor, Tensor] => {
      const data = new Float32Array(samples.length);
      samples.forEach(([image], k) => {
        data[k] = image.data[0]!;
      });
      return [tensor(data), tensor(Int32Array.from(samples, ([, label]) => label))];
    };
    const [main, workers] = loaders(new TestToTensor(), { batchSize: 5, shuffle: true, seed: 2, collate });
    expect(await epoch(workers)).toEqual(await epoch(main));
  });

  it('surfaces a transform error in the loop, naming the sample, and stops the workers', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const failing = new TestCompose([new TestFailOn((13 * 31) % 256), new TestToTensor()]);
    const [, workers] = loaders(failing, { batchSize: 4, seed: 0 });
    const seen: number[][] = [];
    const error = await (async () => {
      try {
        for await (const [x, y] of workers) {
          seen.push(Array.from(y.dataSync()));
          x.dispose();
          y.dispose();
        }
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).message).toBe(
      `DataLoader: expected the transform to accept sample 13, got ShapeError: TestFailOn: expected another image, got first byte ${(13 * 31) % 256}.`,
    );
    expect(seen).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(terminate).toHaveBeenCalledTimes(2);
  });

  it('tears the pool down when the loop ends early', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const [, workers] = loaders(new TestToTensor(), { batchSize: 2, seed: 0 });
    for await (const [x, y] of workers) {
      x.dispose();
      y.dispose();
      break;
    }
    expect(terminate).toHaveBeenCalledTimes(2);
    const exitCodes = await Promise.all(terminate.mock.results.map((r) => r.value as Promise<number>));
    expect(exitCodes).toHaveLength(2);
  });

  it('reports a transform the workers cannot rebuild', async () => {
    const unknown = { apply: (raw: RawImage) => raw, toSpec: () => ({ name: 'Unknown', options: {} }) };
    const ds = new RawTestDataset(4, { transform: unknown });
    const loader = new DataLoader(ds, { batchSize: 2, seed: 0, numWorkers: 1, workerImports });
    await expect(epoch(loader)).rejects.toThrow(
      /^DataLoader: expected worker 0 to run until the epoch ends, got Error: transformFromSpec: unknown transform 'Unknown'\.; check that/,
    );
  });

  it('leaves undisposedTensors() unchanged over an epoch whose batches are disposed', async () => {
    const [, workers] = loaders(new TestToTensor(), { batchSize: 4, shuffle: true, seed: 9 });
    const before = undisposedTensors();
    expect((await epoch(workers)).length).toBe(10);
    expect(undisposedTensors()).toBe(before);
  });
});
