// The page of browser-workers.test.ts, bundled with esbuild and run in Chromium: one epoch of an
// in-memory dataset with numWorkers 0 and with numWorkers 2 (module Web Workers), compared bit
// for bit. The outcome is left on `globalThis.loaderResult` for the test to read.
import '@strata/backend-cpu';
import type { Tensor } from '@strata/core';
import { Compose, RandomHorizontalFlip, ToTensor } from '../../transforms/index.js';
import type { Image, RawImage, Transform } from '../../types.js';
import { DataLoader } from '../data-loader.js';
import type { RawSampleDataset } from '../raw-sample-dataset.js';

/** What the page reports. */
export interface LoaderPageResult {
  readonly batches: number;
  readonly workerBatches: number;
  readonly identical: boolean;
  readonly error?: string;
}

const height = 6;
const width = 5;
const channels = 3;

class InMemoryDataset implements RawSampleDataset {
  readonly length = 45;
  readonly transform: Transform<RawImage, Image> = new Compose([new RandomHorizontalFlip(0.5), new ToTensor()]);
  readonly targetTransform = undefined;
  readonly #bytes = Uint8Array.from({ length: this.length * height * width * channels }, (_, k) => (k * 37 + 11) % 256);

  getRaw(index: number): [RawImage, number] {
    const size = height * width * channels;
    return [
      { kind: 'raw', data: this.#bytes.subarray(index * size, (index + 1) * size), height, width, channels },
      index % 10,
    ];
  }

  get(): [Image, number] {
    throw new Error('InMemoryDataset: the loader reads samples through getRaw');
  }
}

async function epoch(loader: DataLoader): Promise<{ x: Uint8Array; y: Int32Array }[]> {
  const batches = [];
  for await (const [x, y] of loader as AsyncIterable<[Tensor, Tensor]>) {
    const data = x.dataSync() as Float32Array;
    batches.push({
      x: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice(),
      y: (y.dataSync() as Int32Array).slice(),
    });
    x.dispose();
    y.dispose();
  }
  return batches;
}

const sameBytes = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.prototype.every.call(a, (v: number, k: number) => v === b[k]);

async function run(): Promise<LoaderPageResult> {
  const dataset = new InMemoryDataset();
  const options = { batchSize: 8, shuffle: true, seed: 7 };
  const main = await epoch(new DataLoader(dataset, { ...options, numWorkers: 0 }));
  const workers = await epoch(new DataLoader(dataset, { ...options, numWorkers: 2 }));
  const identical =
    main.length === workers.length &&
    main.every((batch, b) => sameBytes(batch.x, workers[b]!.x) && sameBytes(batch.y, workers[b]!.y));
  return { batches: main.length, workerBatches: workers.length, identical };
}

(globalThis as { loaderResult?: Promise<LoaderPageResult> }).loaderResult = run().catch((error: unknown) => ({
  batches: 0,
  workerBatches: 0,
  identical: false,
  error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
}));
