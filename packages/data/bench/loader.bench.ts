/**
 * Times the DataLoader alone (no model) over the real Fashion-MNIST training set: batches of 256,
 * shuffled, through ToTensor, on the main thread and with 2 workers, at 28x28 and with
 * Resize(224) first. The reference, in the same run, is a plain loop doing the same bytes-to-float
 * conversion into a preallocated Float32Array: the floor the loader can reach. Prints one JSON
 * object. Run with `pnpm --filter @strata/data bench` after `pnpm --filter @strata/backend-cpu...
 * build`; the files are read from $FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist.
 */
import '@strata/backend-cpu';
import { availableParallelism } from 'node:os';
import type { Tensor } from '@strata/core';
import { DataLoader, FashionMNIST, type Image, type RawImage, type Transform } from '../src/index.js';
import { Compose, Resize, ToTensor } from '../src/transforms/index.js';
import { sampleOrder } from '../src/loader/sample-order.js';

const ROOT = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
const BATCH_SIZE = 256;
const WORKERS = 2;
// The target for the loader at 28x28 without resize on the main thread.
const TARGET_IMAGES_PER_SEC = 50_000;
// Resize(224) makes every image 64 times larger and costs far more per image, so those cases
// time this many batches rather than an epoch.
const RESIZE_BATCHES = 8;
const REFERENCE_RUNS = 3;

interface Timing {
  images: number;
  seconds: number;
  imagesPerSec: number;
  /** From starting the epoch to the first batch (worker start-up included). */
  firstBatchMs?: number;
  /** The rate after the first batch: the steady state, without start-up. */
  afterFirstBatchImagesPerSec?: number;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function timing(images: number, seconds: number): Timing {
  return { images, seconds: round(seconds, 3), imagesPerSec: Math.round(images / seconds) };
}

/** The same conversion ToTensor and the default collate do, minus everything else. */
function reference(data: Uint8Array, pixels: number, order: Int32Array): Timing {
  const batch = new Float32Array(BATCH_SIZE * pixels);
  let best = Number.POSITIVE_INFINITY;
  let checksum = 0;
  for (let run = 0; run < REFERENCE_RUNS; run++) {
    const start = performance.now();
    for (let first = 0; first < order.length; first += BATCH_SIZE) {
      const count = Math.min(BATCH_SIZE, order.length - first);
      for (let k = 0; k < count; k++) {
        const from = order[first + k]! * pixels;
        const to = k * pixels;
        for (let p = 0; p < pixels; p++) batch[to + p] = data[from + p]! / 255;
      }
      checksum += batch[0]!;
    }
    best = Math.min(best, performance.now() - start);
  }
  // Keeps the loop observable, so it cannot be optimised away.
  if (Number.isNaN(checksum)) throw new Error('reference: NaN checksum');
  return timing(order.length, best / 1000);
}

async function timeLoader(
  loader: AsyncIterable<[Tensor, Tensor]>,
  maxBatches = Number.POSITIVE_INFINITY,
): Promise<Timing> {
  let images = 0;
  let batches = 0;
  let firstImages = 0;
  let firstEnd = 0;
  const start = performance.now();
  for await (const [x, y] of loader) {
    images += x.shape[0]!;
    x.dispose();
    y.dispose();
    if (++batches === 1) {
      firstImages = images;
      firstEnd = performance.now();
    }
    if (batches === maxBatches) break;
  }
  const end = performance.now();
  return {
    ...timing(images, (end - start) / 1000),
    firstBatchMs: round(firstEnd - start, 1),
    afterFirstBatchImagesPerSec: Math.round((images - firstImages) / ((end - firstEnd) / 1000)),
  };
}

function dataset(transform: Transform<RawImage, Image>): FashionMNIST<Image> {
  return new FashionMNIST({ root: ROOT, train: true, transform });
}

async function main(): Promise<void> {
  const plain = dataset(new ToTensor());
  const pixels = plain.height * plain.width;
  const loader = (transform: Transform<RawImage, Image>, numWorkers: number) =>
    new DataLoader(transform === plain.transform ? plain : dataset(transform), {
      batchSize: BATCH_SIZE,
      shuffle: true,
      seed: 0,
      numWorkers,
    });

  const mainThread = loader(plain.transform!, 0);
  await timeLoader(mainThread, 20); // warm-up: JIT, first allocations
  const order = sampleOrder(plain.length, true, 0, 0);
  const referenceTiming = reference(plain.data, pixels, order);
  const loader28 = await timeLoader(mainThread);
  const workers28 = await timeLoader(loader(plain.transform!, WORKERS));

  const resize = new Compose([new Resize(224), new ToTensor()]);
  await timeLoader(loader(resize, 0), 1);
  const resize0 = await timeLoader(loader(resize, 0), RESIZE_BATCHES);
  const resize2 = await timeLoader(loader(resize, WORKERS), RESIZE_BATCHES);

  const vsReference = (t: Timing): number => round(t.imagesPerSec / referenceTiming.imagesPerSec, 3);
  console.log(
    JSON.stringify(
      {
        bench: '@strata/data DataLoader',
        dataset: String(plain),
        machine: { node: process.version, cpus: availableParallelism() },
        batchSize: BATCH_SIZE,
        shuffle: true,
        cases: {
          'reference bytes->float loop 28x28': referenceTiming,
          'loader 28x28 ToTensor, 0 workers': { ...loader28, vsReference: vsReference(loader28) },
          [`loader 28x28 ToTensor, ${WORKERS} workers`]: { ...workers28, vsReference: vsReference(workers28) },
          'loader Resize(224) ToTensor, 0 workers': resize0,
          [`loader Resize(224) ToTensor, ${WORKERS} workers`]: resize2,
        },
        target: {
          case: 'loader 28x28 ToTensor, 0 workers',
          imagesPerSec: TARGET_IMAGES_PER_SEC,
          met: loader28.imagesPerSec >= TARGET_IMAGES_PER_SEC,
        },
      },
      null,
      2,
    ),
  );
}

await main();
