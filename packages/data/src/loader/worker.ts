// The worker-thread entry of the DataLoader: rebuilds the dataset's transform from its spec
// once, then turns each batch of raw samples into one stacked Float32Array (or a list of images
// for a custom collate) and transfers it back.
import { parentPort, workerData } from 'node:worker_threads';
import { type SerializableTransform, type TransformSpec, transformFromSpec } from '../transforms/index.js';
import type { Image, RawImage } from '../types.js';
import { transformImage } from './build-sample.js';
import { HostBatch } from './host-batch.js';
import { serializeError } from './loader-errors.js';
import type { BatchJob, BatchReply, WorkerInit } from './worker-protocol.js';

type FromSpec = (spec: TransformSpec) => SerializableTransform<RawImage, Image>;

const init = workerData as WorkerInit;
const modules: { transformFromSpec?: FromSpec }[] = [];
for (const url of init.imports) modules.push(await import(url));
// The last imported module that exports a transformFromSpec rebuilds the pipeline, so custom
// transforms can cross threads; the built-in one knows only @strata/data's transforms.
const custom = modules.findLast((module) => typeof module.transformFromSpec === 'function')?.transformFromSpec;
const transform = init.spec === null ? undefined : (custom ?? (transformFromSpec as FromSpec))(init.spec);
const port = parentPort!;

function rawImages(job: BatchJob): RawImage[] {
  const images: RawImage[] = [];
  let offset = 0;
  for (let k = 0; k < job.indices.length; k++) {
    const height = job.dims[3 * k]!;
    const width = job.dims[3 * k + 1]!;
    const channels = job.dims[3 * k + 2]!;
    const end = offset + height * width * channels;
    images.push({ kind: 'raw', data: job.bytes.subarray(offset, end), height, width, channels });
    offset = end;
  }
  return images;
}

function run(job: BatchJob): { reply: BatchReply; transfer: ArrayBuffer[] } {
  const raws = rawImages(job);
  if (init.stack) {
    const batch = new HostBatch(raws.length);
    raws.forEach((raw, k) => {
      const index = job.indices[k]!;
      batch.set(k, transformImage(transform, raw, init.seed, init.epoch, index), index);
    });
    const data = batch.data;
    return { reply: { id: job.id, kind: 'stacked', data, shape: batch.shape }, transfer: [data.buffer as ArrayBuffer] };
  }
  const images: Image[] = raws.map((raw, k) => transformImage(transform, raw, init.seed, init.epoch, job.indices[k]!));
  // Images may share a buffer (views of the job's bytes); a buffer may be transferred only once.
  const buffers = new Set(images.map((image) => image.data.buffer as ArrayBuffer));
  return { reply: { id: job.id, kind: 'images', images }, transfer: [...buffers] };
}

port.on('message', (job: BatchJob) => {
  let result: { reply: BatchReply; transfer: ArrayBuffer[] };
  try {
    result = run(job);
  } catch (error) {
    result = { reply: { id: job.id, kind: 'error', error: serializeError(error) }, transfer: [] };
  }
  port.postMessage(result.reply, result.transfer);
});
