import '@strata/backend-cpu';
import { DisposedError, keep, noGradScope, type Tensor, tensor, zeros } from '@strata/core';
import { undisposedTensors } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { RawTestDataset } from './__fixtures__/raw-test-dataset.js';
import { TestToTensor } from './__fixtures__/test-transforms.js';
import { DataLoader } from './data-loader.js';

// Each iteration of a for await loop over a DataLoader is a memory scope. Counts are read with
// undisposedTensors() (live plus collected): the loops await, and finalizers may run meanwhile.

const workerImports = [new URL('./__fixtures__/test-transforms.ts', import.meta.url)];

function loader(length: number, batchSize: number, numWorkers = 0): DataLoader {
  const ds = new RawTestDataset(length, { height: 2, width: 2, transform: new TestToTensor() });
  return new DataLoader(ds, { batchSize, seed: 0, numWorkers, workerImports });
}

function releaseMessage(t: Tensor): string {
  try {
    t.toArray();
  } catch (error) {
    expect(error).toBeInstanceOf(DisposedError);
    return (error as Error).message;
  }
  throw new Error('expected the tensor to be released');
}

describe('for await over a DataLoader releases each iteration when the loop moves on', () => {
  for (const numWorkers of [0, 2]) {
    it(`releases the batch and what the body derived from it, and keeps the count flat (numWorkers ${numWorkers})`, async () => {
      const before = undisposedTensors();
      const seen: Tensor[][] = [];
      const live: number[] = [];
      for await (const [x, y] of loader(20, 4, numWorkers)) {
        for (const earlier of seen.flat()) expect(earlier.isDisposed).toBe(true);
        const scores = x.flatten(1).sum(1);
        seen.push([x, y, scores, scores.add(y)]);
        live.push(undisposedTensors() - before);
      }
      expect(seen).toHaveLength(5);
      expect(new Set(live)).toEqual(new Set([live[0]]));
      expect(seen.flat().every((t) => t.isDisposed)).toBe(true);
      expect(undisposedTensors()).toBe(before);
    });
  }

  it('a released batch says that the loop released it and how to keep it', async () => {
    let first: Tensor | undefined;
    for await (const [x] of loader(8, 4)) first ??= x;
    expect(releaseMessage(first!)).toBe(
      `Tensor ${first!.id} of shape [4, 1, 2, 2] was released when the for await loop over the DataLoader moved to the next batch (or ended); to use it after that, keep(t) it inside the loop, or read its value there with .item() / .toArray().`,
    );
  });

  it('break and an error release the last iteration; kept tensors and tensors made before the loop survive', async () => {
    const before = undisposedTensors();
    const total = zeros([]);
    const kept: Tensor[] = [];
    let last: Tensor | undefined;
    for await (const [x, y] of loader(20, 4)) {
      total.add_(x.sum());
      kept.push(keep(y.float().mean()));
      last = x.mul(x);
      if (kept.length === 3) break;
    }
    expect(last!.isDisposed).toBe(true);
    expect(kept.map((t) => t.item())).toEqual([1.5, 5.5, 9.5]);
    expect(total.isDisposed).toBe(false);
    await expect(
      (async () => {
        for await (const [x] of loader(20, 4)) {
          last = x.add(1);
          throw new Error('stop');
        }
      })(),
    ).rejects.toThrow('stop');
    expect(last!.isDisposed).toBe(true);
    expect(undisposedTensors()).toBe(before + 4);
    for (const t of [total, ...kept]) t.dispose();
  });

  it('an evaluation loop inside a training loop releases its own batches; the outer batch lives on', async () => {
    const before = undisposedTensors();
    const train = loader(12, 4);
    const test = loader(6, 3);
    const perEpoch: number[] = [];
    for await (const [x] of train) {
      let correct = 0;
      {
        using _ = noGradScope();
        for await (const [xt, yt] of test) correct += xt.flatten(1).argmax(1).eq(yt).sum().item() as number;
      }
      perEpoch.push(correct);
      expect(x.sum().item()).toBeGreaterThan(0);
      expect(undisposedTensors() - before).toBeLessThan(10);
    }
    expect(perEpoch).toHaveLength(3);
    expect(new Set(perEpoch).size).toBe(1);
    expect(undisposedTensors()).toBe(before);
  });

  it('a custom collate’s intermediates and a tensor dataset’s samples belong to their iteration', async () => {
    const before = undisposedTensors();
    const features = tensor(
      Float32Array.from({ length: 10 * 3 }, (_, i) => i),
      { shape: [10, 3] },
    );
    const dataset = {
      length: 10,
      get: (i: number): [Tensor, number] => [features.narrow(0, i, 1).reshape([3]), i % 2],
    };
    const collate = (samples: [Tensor, number][]): [Tensor, Tensor] => [
      tensor(Float32Array.from(samples.flatMap(([row]) => Array.from(row.dataSync()))), { shape: [samples.length, 3] }),
      tensor(Int32Array.from(samples, ([, label]) => label)),
    ];
    let rows = 0;
    for await (const [x] of new DataLoader(dataset, { batchSize: 4, collate })) rows += x.shape[0]!;
    expect(rows).toBe(10);
    expect(features.isDisposed).toBe(false);
    expect(undisposedTensors()).toBe(before + 1);
    features.dispose();
  });
});
