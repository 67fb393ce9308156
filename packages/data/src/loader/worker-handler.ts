import { type SerializableTransform, type TransformSpec, transformFromSpec } from '../transforms/index.js';
import type { Image, RawImage } from '../types.js';
import { transformImage } from './build-sample.js';
import { HostBatch } from './host-batch.js';
import { serializeError } from './loader-errors.js';
import type { BatchJob, BatchReply, WorkerInit } from './worker-protocol.js';

type FromSpec = (spec: TransformSpec) => SerializableTransform<RawImage, Image>;

/** @internal A worker's answer to a job and the buffers to transfer with it. */
export interface WorkerReply {
  readonly reply: BatchReply;
  readonly transfer: ArrayBuffer[];
}

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

/**
 * @internal Rebuilds the dataset's transform from `init` once and returns the function that
 * answers each job: one stacked Float32Array (or a list of images for a custom collate), or the
 * serialized error the job threw. Shared by the Node and the Web Worker entry.
 */
export async function createBatchHandler(init: WorkerInit): Promise<(job: BatchJob) => WorkerReply> {
  const modules: { transformFromSpec?: FromSpec }[] = [];
  for (const url of init.imports) modules.push(await import(url));
  // The last imported module that exports a transformFromSpec rebuilds the pipeline, so custom
  // transforms can cross threads; the built-in one knows only @strata/data's transforms.
  const custom = modules.findLast((module) => typeof module.transformFromSpec === 'function')?.transformFromSpec;
  const transform = init.spec === null ? undefined : (custom ?? (transformFromSpec as FromSpec))(init.spec);

  function run(job: BatchJob): WorkerReply {
    const raws = rawImages(job);
    if (init.stack) {
      const batch = new HostBatch(raws.length);
      raws.forEach((raw, k) => {
        const index = job.indices[k]!;
        batch.set(k, transformImage(transform, raw, init.seed, init.epoch, index), index);
      });
      const data = batch.data;
      return {
        reply: { id: job.id, kind: 'stacked', data, shape: batch.shape },
        transfer: [data.buffer as ArrayBuffer],
      };
    }
    const images: Image[] = raws.map((raw, k) =>
      transformImage(transform, raw, init.seed, init.epoch, job.indices[k]!),
    );
    // Images may share a buffer (views of the job's bytes); a buffer may be transferred only once.
    const buffers = new Set(images.map((image) => image.data.buffer as ArrayBuffer));
    return { reply: { id: job.id, kind: 'images', images }, transfer: [...buffers] };
  }

  return (job) => {
    try {
      return run(job);
    } catch (error) {
      return { reply: { id: job.id, kind: 'error', error: serializeError(error) }, transfer: [] };
    }
  };
}
