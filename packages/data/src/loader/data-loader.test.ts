import '@strata/backend-cpu';
import {
  ArgumentError,
  arange,
  DTypeError,
  manualSeed,
  memory,
  rand,
  ShapeError,
  StrataError,
  type Tensor,
  tensor,
  tidy,
} from '@strata/core';
import { undisposedTensors } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { sampleRandom } from '../sample-random.js';
import type { Dataset, HostTensor, Image, RawImage, Transform } from '../types.js';
import { RawTestDataset } from './__fixtures__/raw-test-dataset.js';
import { TestCompose, TestFailOn, TestJitter, TestToTensor } from './__fixtures__/test-transforms.js';
import { TensorDataset } from '../datasets/tensor-dataset.js';
import { DataLoader } from './data-loader.js';

interface HostBatchCopy {
  x: number[];
  xShape: readonly number[];
  y: number[];
}

/** Reads every batch of one epoch to the host and disposes its tensors. */
async function epoch(loader: AsyncIterable<[Tensor, Tensor]>): Promise<HostBatchCopy[]> {
  const batches: HostBatchCopy[] = [];
  for await (const [x, y] of loader) {
    expect(x.dtype).toBe('float32');
    expect(y.dtype).toBe('int32');
    batches.push({ x: Array.from(x.dataSync()), xShape: x.shape, y: Array.from(y.dataSync()) });
    x.dispose();
    y.dispose();
  }
  return batches;
}

const labelsOf = (batches: HostBatchCopy[]): number[] => batches.flatMap((b) => b.y);

describe('DataLoader', () => {
  it('stacks [C, H, W] images into float32 N x C x H x W and labels into int32 [N]', async () => {
    const ds = new RawTestDataset(10, { height: 4, width: 3, channels: 2, transform: new TestToTensor() });
    const batches = await epoch(new DataLoader(ds, { batchSize: 4, seed: 0 }));
    expect(batches.map((b) => b.xShape)).toEqual([
      [4, 2, 4, 3],
      [4, 2, 4, 3],
      [2, 2, 4, 3],
    ]);
    expect(batches.map((b) => b.y)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    const expected = [8, 9].flatMap((i) => Array.from((ds.get(i)[0] as HostTensor).data));
    expect(batches[2]!.x).toEqual(expected);
  });

  it('resumes: epoch is settable, and epochBatches starts an epoch at any batch', async () => {
    const ds = new RawTestDataset(30, { transform: new TestCompose([new TestToTensor(), new TestJitter()]) });
    const reference = new DataLoader(ds, { batchSize: 4, shuffle: true, seed: 3 });
    await epoch(reference);
    await epoch(reference);
    const third = await epoch(reference);
    const resumed = new DataLoader(ds, { batchSize: 4, shuffle: true, seed: 3 });
    expect(resumed.epoch).toBe(0);
    resumed.epoch = 2;
    expect(await epoch(resumed)).toEqual(third);
    expect(resumed.epoch).toBe(3);
    expect(await epoch(resumed.epochBatches(2, { start: 5 }))).toEqual(third.slice(5));
    expect(await epoch(resumed.epochBatches(2, { start: 8 }))).toEqual([]);
    const workerImports = [new URL('./__fixtures__/test-transforms.ts', import.meta.url)];
    const workers = new DataLoader(ds, { batchSize: 4, shuffle: true, seed: 3, numWorkers: 1, workerImports });
    expect(await epoch(workers.epochBatches(2, { start: 6 }))).toEqual(third.slice(6));
    expect(() => resumed.epochBatches(2, { start: 9 })).toThrow(
      'DataLoader.epochBatches: expected start to be a batch index in [0, 8], got 9.',
    );
    expect(() => {
      resumed.epoch = -1;
    }).toThrow(/epoch to be an integer >= 0, got -1/);
  });

  it('has ceil(length / batchSize) batches, or floor with dropLast', async () => {
    const ds = new RawTestDataset(10, { transform: new TestToTensor() });
    expect(new DataLoader(ds, { batchSize: 4, seed: 0 }).length).toBe(3);
    expect(new DataLoader(ds, { batchSize: 5, seed: 0 }).length).toBe(2);
    const dropping = new DataLoader(ds, { batchSize: 4, dropLast: true, seed: 0 });
    expect(dropping.length).toBe(2);
    expect((await epoch(dropping)).map((b) => b.y)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(new DataLoader(ds, { batchSize: 5, dropLast: true, seed: 0 }).length).toBe(2);
    expect(new DataLoader(new RawTestDataset(0), { seed: 0 }).length).toBe(0);
    expect(await epoch(new DataLoader(new RawTestDataset(0), { seed: 0 }))).toEqual([]);
  });

  it('shuffles reproducibly from the seed, differently each epoch, each sample once per epoch', async () => {
    const ds = new RawTestDataset(50, { transform: new TestToTensor() });
    const a = new DataLoader(ds, { batchSize: 7, shuffle: true, seed: 7 });
    const b = new DataLoader(ds, { batchSize: 7, shuffle: true, seed: 7 });
    const a0 = labelsOf(await epoch(a));
    const a1 = labelsOf(await epoch(a));
    expect(labelsOf(await epoch(b))).toEqual(a0);
    expect(labelsOf(await epoch(b))).toEqual(a1);
    const identity = Array.from({ length: 50 }, (_, i) => i);
    expect(a0).not.toEqual(identity);
    expect(a1).not.toEqual(a0);
    expect([...a0].sort((p, q) => p - q)).toEqual(identity);
    expect([...a1].sort((p, q) => p - q)).toEqual(identity);
    const other = labelsOf(await epoch(new DataLoader(ds, { batchSize: 7, shuffle: true, seed: 8 })));
    expect(other).not.toEqual(a0);
    const dropped = labelsOf(await epoch(new DataLoader(ds, { batchSize: 7, shuffle: true, dropLast: true, seed: 7 })));
    expect(dropped).toEqual(a0.slice(0, 49));
  });

  it('draws its seed from the manualSeed stream when none is given', async () => {
    const ds = new RawTestDataset(30, { transform: new TestToTensor() });
    manualSeed(3);
    const a = new DataLoader(ds, { batchSize: 30, shuffle: true });
    manualSeed(3);
    const b = new DataLoader(ds, { batchSize: 30, shuffle: true });
    expect(b.seed).toBe(a.seed);
    expect(labelsOf(await epoch(b))).toEqual(labelsOf(await epoch(a)));
    expect(new DataLoader(ds, { shuffle: true }).seed).not.toBe(a.seed);
  });

  it('gives random transforms sampleRandom(seed, epoch, index)', async () => {
    const ds = new RawTestDataset(6, { transform: new TestCompose([new TestToTensor(), new TestJitter()]) });
    const loader = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 11 });
    const expectedBatch = (epochNumber: number, indices: number[]): number[] =>
      indices.flatMap((i) => {
        const random = sampleRandom(11, epochNumber, i);
        return Array.from(new TestToTensor().apply(ds.getRaw(i)[0]).data.map((v) => v + random.next()));
      });
    for (const epochNumber of [0, 1]) {
      const batches = await epoch(loader);
      for (const b of batches) expect(b.x).toEqual(expectedBatch(epochNumber, b.y));
    }
  });

  it('applies the target transform to the labels', async () => {
    const addTen: Transform<number, number> = { apply: (label) => label + 10 };
    const ds = new RawTestDataset(3, { transform: new TestToTensor(), targetTransform: addTen });
    expect(labelsOf(await epoch(new DataLoader(ds, { batchSize: 3, seed: 0 })))).toEqual([10, 11, 12]);
  });

  it('batches any dataset of [HostTensor, label] samples', async () => {
    const ds: Dataset<[HostTensor, number]> = {
      length: 3,
      get: (i) => [{ kind: 'host', data: new Float32Array([i, -i]), shape: [2, 1, 1] }, 2 - i],
    };
    const [batch] = await epoch(new DataLoader(ds, { batchSize: 3, seed: 0 }));
    expect(batch).toEqual({ x: [0, -0, 1, -1, 2, -2], xShape: [3, 2, 1, 1], y: [2, 1, 0] });
  });

  it('uses a custom collate and frees the temporaries it creates', async () => {
    const ds = new RawTestDataset(5, { transform: new TestToTensor() });
    const seen: number[][] = [];
    const collate = (samples: [Image, number][]): [Tensor, Tensor] => {
      seen.push(samples.map(([, label]) => label));
      const x = tensor(Float32Array.from(samples.flatMap(([image]) => Array.from(image.data))), {
        shape: [samples.length, 12],
      });
      return [x.mul(2).add(1), tensor(Int32Array.from(samples, ([, label]) => label))];
    };
    const before = undisposedTensors();
    const batches = await epoch(new DataLoader(ds, { batchSize: 2, seed: 0, collate }));
    expect(undisposedTensors()).toBe(before);
    expect(seen).toEqual([[0, 1], [2, 3], [4]]);
    expect(batches[2]!.xShape).toEqual([1, 12]);
    expect(batches[2]!.x[0]).toBeCloseTo((ds.getRaw(4)[0].data[0]! / 255) * 2 + 1, 6);
  });

  it('leaves undisposedTensors() unchanged over an epoch whose batches are disposed', async () => {
    const ds = new RawTestDataset(20, { transform: new TestToTensor() });
    const loader = new DataLoader(ds, { batchSize: 6, shuffle: true, seed: 1 });
    const before = undisposedTensors();
    let total = 0;
    for await (const [x, y] of loader) {
      total += tidy(() => x.mul(2).sum().add(y.float().sum()).item() as number);
      x.dispose();
      y.dispose();
    }
    expect(undisposedTensors()).toBe(before);
    expect(total).toBeGreaterThan(0);
  });

  describe('errors', () => {
    const first = async (loader: AsyncIterable<[Tensor, Tensor]>): Promise<unknown> => {
      try {
        await epoch(loader);
      } catch (error) {
        return error;
      }
      throw new Error('expected the epoch to throw');
    };

    it('asks for ToTensor when a sample is still a RawImage', async () => {
      const error = await first(new DataLoader(new RawTestDataset(3), { batchSize: 2, seed: 0 }));
      expect(error).toBeInstanceOf(DTypeError);
      expect((error as Error).message).toMatch(
        /^DataLoader: expected sample 0 to be a float CHW image \(HostTensor\), got a RawImage \(uint8 4x3x1\); add ToTensor\(\)/,
      );
    });

    it('names the sample and keeps the class and message of a transform that throws', async () => {
      const transform = new TestCompose([new TestFailOn((5 * 31) % 256), new TestToTensor()]);
      const error = await first(new DataLoader(new RawTestDataset(8, { transform }), { batchSize: 2, seed: 0 }));
      expect(error).toBeInstanceOf(ShapeError);
      expect((error as Error).message).toBe(
        `DataLoader: expected the transform to accept sample 5, got ShapeError: TestFailOn: expected another image, got first byte ${(5 * 31) % 256}.`,
      );
      expect((error as Error).cause).toBeInstanceOf(ShapeError);
    });

    it('rejects images of different shapes in one batch and labels that are not class indices', async () => {
      const ds: Dataset<[Image, number]> = {
        length: 2,
        get: (i) => [{ kind: 'host', data: new Float32Array(i + 1), shape: [1, 1, i + 1] }, i],
      };
      const shapes = await first(new DataLoader(ds, { batchSize: 2, seed: 0 }));
      expect(shapes).toBeInstanceOf(ShapeError);
      expect((shapes as Error).message).toMatch(/got \[1, 1, 2\] for sample 1; make them one size, e\.g\. add Resize/);
      const halves: Dataset<[Image, number]> = {
        length: 1,
        get: () => [{ kind: 'host', data: new Float32Array(1), shape: [1, 1, 1] }, 0.5],
      };
      const labels = await first(new DataLoader(halves, { seed: 0 }));
      expect(labels).toBeInstanceOf(ArgumentError);
      expect((labels as Error).message).toMatch(
        /label of sample 0 to be an integer class index, got number 0\.5; pass a collate/,
      );
    });

    it('validates its options', () => {
      const ds = new RawTestDataset(4, { transform: new TestToTensor() });
      expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(
        /^DataLoader: expected batchSize to be an integer >= 1, got 0\.$/,
      );
      expect(() => new DataLoader(ds, { numWorkers: 1.5 })).toThrow(ArgumentError);
      expect(() => new DataLoader(ds, { prefetch: 0 })).toThrow(/prefetch/);
      expect(() => new DataLoader(ds, { seed: 0.5 })).toThrow(/seed to be an integer/);
      expect(() => new DataLoader(ds, { backend: 'nowhere' })).toThrow(StrataError);
      expect(() => new DataLoader({ length: 3 } as unknown as Dataset<[Image, number]>)).toThrow(
        /DataLoader: expected the dataset to be a Dataset/,
      );
    });

    it('explains what numWorkers > 0 needs', () => {
      const plain: Dataset<[Image, number]> = {
        length: 1,
        get: () => [{ kind: 'host', data: new Float32Array(1), shape: [1, 1, 1] }, 0],
      };
      expect(() => new DataLoader(plain, { numWorkers: 2 })).toThrow(
        /^DataLoader: expected a dataset with getRaw\(index\) and a transform \(like FashionMNIST\) for numWorkers 2, got .* without getRaw; use numWorkers: 0/,
      );
      const closure: Transform<RawImage, Image> = { apply: (raw) => new TestToTensor().apply(raw) };
      expect(() => new DataLoader(new RawTestDataset(1, { transform: closure }), { numWorkers: 1 })).toThrow(
        /transform to have toSpec\(\) for numWorkers 1.*; implement toSpec\(\) and rebuild it in the workers through workerImports, or use numWorkers: 0\.$/,
      );
    });
  });
});

describe('a TensorDataset, as PyTorch default_collate', () => {
  it('stacks each batch of tensor samples, keeping the dtypes, and covers every sample once', async () => {
    const X = arange(20, { dtype: 'float32' }).reshape([10, 2]);
    const y = X.sum(1, true);
    const loader = new DataLoader(new TensorDataset(X, y), { batchSize: 4, shuffle: true, seed: 0 });
    const rows: number[][] = [];
    const shapes: number[][] = [];
    for await (const [xb, yb] of loader) {
      shapes.push([...xb.shape], [...yb.shape]);
      expect(yb.dtype).toBe('float32');
      expect(yb.toArray()).toEqual(xb.sum(1, true).toArray());
      rows.push(...(xb.toArray() as number[][]));
    }
    expect(shapes).toEqual([
      [4, 2],
      [4, 1],
      [4, 2],
      [4, 1],
      [2, 2],
      [2, 1],
    ]);
    expect(rows.map(([a]) => a! / 2).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('leaves no tensor behind once the loop has ended', async () => {
    const dataset = new TensorDataset(rand([12, 3]), arange(12));
    const before = memory().numTensors;
    for await (const [xb] of new DataLoader(dataset, { batchSize: 5 })) xb.sum();
    expect(memory().numTensors).toBe(before);
  });
});
