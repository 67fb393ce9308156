import {
  ArgumentError,
  checkOptions,
  dispose,
  findBackend,
  optionKeys,
  randint,
  type Shape,
  scoped,
  Tensor,
  tensor,
  tidy,
} from '@strata/core';
import { checkDataset } from '../datasets/check-dataset.js';
import type { SerializableTransform } from '../transforms/serializable-transform.js';
import type { TransformSpec } from '../transforms/transform-spec.js';
import type { Dataset, Image } from '../types.js';
import { transformImage, transformLabel } from './build-sample.js';
import { describeValue } from './describe-value.js';
import { HostBatch } from './host-batch.js';
import { hasRawSamples, type RawSampleDataset } from './raw-sample-dataset.js';
import { sampleOrder } from './sample-order.js';
import { isTensorSample, stackTensorSamples } from './stack-tensor-samples.js';
import { workerSpawner } from './worker-host.js';
import { type BatchResult, WorkerPool } from './worker-pool.js';

/**
 * Options of {@link DataLoader}; every one is optional.
 *
 * @example
 * ```ts
 * const options: DataLoaderOptions = { batchSize: 256, shuffle: true, seed: 0, numWorkers: 2 };
 * ```
 */
export interface DataLoaderOptions<S = [Image, number]> {
  /** Samples per batch; 1 by default. */
  batchSize?: number;
  /** Visit the samples in a new random order each epoch; `false` by default. */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize`; `false` by default. */
  dropLast?: boolean;
  /**
   * Seeds the shuffle and the random transforms, so that epoch `e` of two loaders with one seed
   * is identical; drawn from core's `manualSeed` stream at construction when absent.
   */
  seed?: number;
  /**
   * Workers that run the dataset's transform (Node worker threads, or module Web Workers in a
   * browser); 0, the default, builds batches on the main thread. Needs a dataset with `getRaw`
   * and a transform with `toSpec()` ({@link RawSampleDataset}).
   */
  numWorkers?: number;
  /** Batches each worker prepares ahead of the consumer; 2 by default. */
  prefetch?: number;
  /**
   * Builds a batch from its samples, replacing the default, which stacks `[HostTensor, label]`
   * samples into a float32 `N x C x H x W` tensor and an int32 `[N]` tensor.
   */
  collate?: (samples: S[]) => [Tensor, Tensor];
  /** Backend the batches are created on; the current one by default. */
  backend?: string;
  /**
   * Modules each worker imports before it rebuilds the transform. For transforms defined outside
   * `@strata/data`, one of them exports a `transformFromSpec(spec)` that builds those (and
   * `Compose`, recursing into itself) and hands the other names to `@strata/data`'s; the last
   * module that exports one is used.
   */
  workerImports?: readonly (string | URL)[];
}

const DATA_LOADER_KEYS = optionKeys<DataLoaderOptions>({
  batchSize: true,
  shuffle: true,
  dropLast: true,
  seed: true,
  numWorkers: true,
  prefetch: true,
  collate: true,
  backend: true,
  workerImports: true,
});

function positiveInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ArgumentError(`DataLoader: expected ${name} to be an integer >= ${min}, got ${String(value)}.`);
  }
  return value;
}

function samplePair(sample: unknown, index: number): readonly [unknown, unknown] {
  if (!Array.isArray(sample) || sample.length < 2) {
    throw new ArgumentError(
      `DataLoader: expected sample ${index} to be an [image, label] pair, got ${describeValue(sample)}; pass a collate function for other samples.`,
    );
  }
  return sample as unknown as readonly [unknown, unknown];
}

function classLabel(label: unknown, index: number): number {
  if (typeof label !== 'number' || !Number.isInteger(label) || label < -2147483648 || label > 2147483647) {
    throw new ArgumentError(
      `DataLoader: expected the label of sample ${index} to be an integer class index, got ${describeValue(label)}; pass a collate function for other targets.`,
    );
  }
  return label;
}

/**
 * Iterates over a dataset in batches (PyTorch's `DataLoader`): `for await (const [x, y] of
 * loader)` gives `x`, a float32 `N x C x H x W` tensor, and `y`, an int32 `[N]` tensor of
 * labels, on the current backend (or `backend`). Each iteration is one epoch: with `shuffle`
 * the order is a permutation drawn from `seed` and the epoch number, which starts at 0 and grows
 * each time an iteration starts, and random transforms get `sampleRandom(seed, epoch, index)`.
 *
 * Samples are `[image, label]` with the image a {@link HostTensor} (the dataset's transform
 * ends in `ToTensor()`), or tuples of tensors (a {@link TensorDataset}), whose first two fields
 * are stacked with their dtypes, as PyTorch's default collate does. A {@link RawSampleDataset} such as `FashionMNIST` is read through
 * `getRaw` and its transforms applied by the loader, which lets `numWorkers > 0` run them in
 * workers (worker threads, or Web Workers in a browser); batches arrive in order either way and are bit-identical.
 *
 * Each iteration of the loop is a memory scope (see `scoped` in `@strata/core`): when the loop
 * asks for the next batch, breaks, returns or throws, the batch and every tensor created in the
 * iteration are released, except those passed to `keep` (parameters, gradients and optimizer
 * state are kept by their owners). So a loop written as in PyTorch, with no `tidy` and no
 * `dispose`, keeps memory flat on every backend. Using a released tensor later throws a
 * `DisposedError` that says so; `keep(t)` it inside the loop, or read it there with `.item()`.
 *
 * @example
 * ```ts
 * const train = new FashionMNIST({ train: true, transform: new ToTensor() });
 * const loader = new DataLoader(train, { batchSize: 256, shuffle: true, seed: 0, numWorkers: 2 });
 * for await (const [X, y] of loader) {
 *   optimizer.zeroGrad();
 *   const loss = lossFn.forward(net.forward(X), y);
 *   loss.backward();
 *   optimizer.step();
 * }
 * ```
 */
export class DataLoader<S = [Image, number]> implements AsyncIterable<[Tensor, Tensor]> {
  /** The dataset, as given. */
  readonly dataset: Dataset<S>;
  /** Samples per batch (the last batch may hold fewer unless `dropLast`). */
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The seed of the shuffles and random transforms: the one given, or the one drawn. */
  readonly seed: number;
  readonly numWorkers: number;
  readonly prefetch: number;
  /** The backend batches are created on; `undefined` for the current one. */
  readonly backend: string | undefined;
  readonly #collate: ((samples: S[]) => [Tensor, Tensor]) | undefined;
  readonly #workerImports: readonly string[];
  readonly #spec: TransformSpec | null = null;
  #epoch = 0;

  constructor(dataset: Dataset<S>, options: DataLoaderOptions<S> = {}) {
    checkOptions('DataLoader', options, DATA_LOADER_KEYS);
    checkDataset('DataLoader', 'the dataset', dataset);
    this.dataset = dataset;
    this.batchSize = positiveInteger('batchSize', options.batchSize ?? 1, 1);
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.numWorkers = positiveInteger('numWorkers', options.numWorkers ?? 0, 0);
    this.prefetch = positiveInteger('prefetch', options.prefetch ?? 2, 1);
    if (options.collate !== undefined && typeof options.collate !== 'function') {
      throw new ArgumentError(
        `DataLoader: expected collate to be a function (samples) => [x, y], got ${describeValue(options.collate)}.`,
      );
    }
    this.#collate = options.collate;
    this.backend = options.backend === undefined ? undefined : findBackend(options.backend).name;
    this.#workerImports = (options.workerImports ?? []).map((url) => String(url));
    if (this.numWorkers > 0) this.#spec = this.#workerSpec();
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new ArgumentError(`DataLoader: expected seed to be an integer, got ${String(options.seed)}.`);
    }
    // Without a seed, draw one from the manualSeed stream, so manualSeed(s) fixes the shuffles too.
    this.seed = options.seed ?? tidy(() => randint(0, 0x7fffffff, [1], { backend: this.backend }).item() as number);
  }

  /**
   * The number of batches per epoch: `ceil(length / batchSize)`, or `floor` with `dropLast`.
   *
   * @example
   * ```ts
   * new DataLoader(train, { batchSize: 256 }).length; // 235 for 60000 samples
   * ```
   */
  get length(): number {
    const batches = this.dataset.length / this.batchSize;
    return this.dropLast ? Math.floor(batches) : Math.ceil(batches);
  }

  /**
   * Starts an epoch: its batches, in order, each iteration a memory scope (the batch and what the
   * loop body derives from it are released when the loop moves on). Ending the loop early
   * (`break`, an error) stops the epoch's workers and releases the last iteration.
   *
   * @example
   * ```ts
   * for await (const [x, y] of loader) console.log(x.shape, y.shape); // [256, 1, 28, 28] [256]
   * ```
   */
  [Symbol.asyncIterator](): AsyncGenerator<[Tensor, Tensor], void, undefined> {
    return this.epochBatches(this.#epoch++);
  }

  /**
   * The epoch the next `for await` runs: 0 for a new loader, one more after each. Setting it
   * (a resumed run) gives that epoch's shuffle and random transforms, as PyTorch's
   * `sampler.set_epoch`.
   *
   * @example
   * ```ts
   * loader.epoch = 3; // the next loop is epoch 3, as in the run being resumed
   * ```
   */
  get epoch(): number {
    return this.#epoch;
  }

  set epoch(value: number) {
    this.#epoch = positiveInteger('epoch', value, 0);
  }

  /**
   * The batches of epoch `epoch` from batch `start` on (0 by default), without preparing the
   * skipped ones: what a run resumed in the middle of an epoch reads. Independent of
   * {@link DataLoader.epoch}.
   *
   * @example
   * ```ts
   * for await (const [x, y] of loader.epochBatches(2, { start: 100 })) step(x, y);
   * ```
   */
  epochBatches(epoch: number, options: { start?: number } = {}): AsyncGenerator<[Tensor, Tensor], void, undefined> {
    checkOptions('epochBatches', options, ['start']);
    positiveInteger('epoch', epoch, 0);
    const start = options.start ?? 0;
    if (!Number.isInteger(start) || start < 0 || start > this.length) {
      throw new ArgumentError(
        `DataLoader.epochBatches: expected start to be a batch index in [0, ${this.length}], got ${String(start)}.`,
      );
    }
    const order = sampleOrder(this.dataset.length, this.shuffle, this.seed, epoch);
    const batches =
      this.numWorkers === 0 ? this.#mainThreadBatches(order, epoch, start) : this.#workerBatches(order, epoch, start);
    return scoped(batches, { name: 'the DataLoader', item: 'batch' });
  }

  /** Checks that workers can run here and returns the spec they rebuild the transform from. */
  #workerSpec(): TransformSpec | null {
    if (workerSpawner() === undefined) {
      throw new ArgumentError(
        `DataLoader: expected a runtime with node:worker_threads or Web Workers for numWorkers ${this.numWorkers}, got one with neither; use numWorkers: 0.`,
      );
    }
    const dataset = this.dataset as Dataset<unknown>;
    if (!hasRawSamples(dataset)) {
      throw new ArgumentError(
        `DataLoader: expected a dataset with getRaw(index) and a transform (like FashionMNIST) for numWorkers ${this.numWorkers}, got ${describeValue(dataset)} without getRaw; use numWorkers: 0, which loads any dataset on the main thread.`,
      );
    }
    const transform = dataset.transform as Partial<SerializableTransform> | undefined;
    if (transform === undefined) return null;
    if (typeof transform.toSpec !== 'function') {
      throw new ArgumentError(
        `DataLoader: expected the dataset's transform to have toSpec() for numWorkers ${this.numWorkers}, so workers can rebuild it (every built-in transform has), got ${describeValue(transform)} without it; implement toSpec() and rebuild it in the workers through workerImports, or use numWorkers: 0.`,
      );
    }
    // Asked once, here, so a transform that cannot cross threads (Lambda) fails at construction.
    return transform.toSpec();
  }

  #batchIndices(order: Int32Array, batch: number): Int32Array {
    return order.subarray(batch * this.batchSize, Math.min((batch + 1) * this.batchSize, order.length));
  }

  #sample(index: number, epoch: number): S {
    const dataset = this.dataset as Dataset<unknown>;
    if (!hasRawSamples(dataset)) return this.dataset.get(index);
    const [raw, label] = dataset.getRaw(index);
    const image = transformImage(dataset.transform, raw, this.seed, epoch, index);
    // A RawSampleDataset's samples are [Image, number], which is what S is for one.
    return [image, transformLabel(dataset.targetTransform, label, this.seed, epoch, index)] as unknown as S;
  }

  #toTensors(data: Float32Array, shape: Shape, labels: Int32Array): [Tensor, Tensor] {
    // Inside tidy, a failure creating y (a backend without int32) does not leak x.
    return tidy(() => [
      tensor(data, { shape, backend: this.backend }),
      tensor(labels, { dtype: 'int32', backend: this.backend }),
    ]);
  }

  #customCollate(samples: S[]): [Tensor, Tensor] {
    const batch = tidy(() => this.#collate!(samples));
    if (!Array.isArray(batch) || !(batch[0] instanceof Tensor) || !(batch[1] instanceof Tensor)) {
      throw new ArgumentError(`DataLoader: expected collate to return [x, y] tensors, got ${describeValue(batch)}.`);
    }
    return batch;
  }

  /** Samples of tensors (a `TensorDataset`) are stacked, as PyTorch's default collate does. */
  #stackTensors(samples: S[], indices: ArrayLike<number>): [Tensor, Tensor] {
    samples.forEach((sample, k) => {
      if (!isTensorSample(sample)) {
        throw new ArgumentError(
          `DataLoader: expected sample ${indices[k]} to be tensors like sample ${indices[0]}, got ${describeValue(sample)}; pass a collate function for mixed samples.`,
        );
      }
    });
    const batch = stackTensorSamples(samples as unknown as Tensor[][], this.backend);
    dispose((samples as unknown as Tensor[][]).flat());
    return batch;
  }

  async *#mainThreadBatches(
    order: Int32Array,
    epoch: number,
    start: number,
  ): AsyncGenerator<[Tensor, Tensor], void, undefined> {
    for (let b = start; b < this.length; b++) {
      const indices = this.#batchIndices(order, b);
      if (this.#collate !== undefined) {
        yield this.#customCollate(Array.from(indices, (index) => this.#sample(index, epoch)));
        continue;
      }
      const samples = Array.from(indices, (index) => this.#sample(index, epoch));
      if (isTensorSample(samples[0])) {
        yield this.#stackTensors(samples, indices);
        continue;
      }
      const batch = new HostBatch(indices.length);
      const labels = new Int32Array(indices.length);
      indices.forEach((index, k) => {
        const [image, label] = samplePair(samples[k], index);
        batch.set(k, image, index);
        labels[k] = classLabel(label, index);
      });
      yield this.#toTensors(batch.data, batch.shape, labels);
    }
  }

  async *#workerBatches(
    order: Int32Array,
    epoch: number,
    start: number,
  ): AsyncGenerator<[Tensor, Tensor], void, undefined> {
    const dataset = this.dataset as unknown as RawSampleDataset;
    const pool = new WorkerPool(workerSpawner()!, this.numWorkers, {
      spec: this.#spec,
      seed: this.seed,
      epoch,
      stack: this.#collate === undefined,
      imports: this.#workerImports,
    });
    const jobs: (Promise<[BatchResult, number[]]> | undefined)[] = [];
    const inFlight = this.prefetch * this.numWorkers;
    try {
      let submitted = start;
      for (let b = start; b < this.length; b++) {
        for (; submitted < this.length && submitted < b + inFlight; submitted++) {
          const job = this.#submit(pool, dataset, order, epoch, submitted);
          // A batch ahead of the consumer may fail before it is awaited; it rethrows when awaited.
          job.catch(() => {});
          jobs[submitted] = job;
        }
        const [result, labels] = await jobs[b]!;
        jobs[b] = undefined;
        if (result.kind === 'stacked') {
          yield this.#toTensors(result.data, result.shape, Int32Array.from(labels));
        } else {
          yield this.#customCollate(result.images.map((image, k) => [image, labels[k]] as unknown as S));
        }
      }
    } finally {
      await pool.close();
    }
  }

  async #submit(
    pool: WorkerPool,
    dataset: RawSampleDataset,
    order: Int32Array,
    epoch: number,
    batch: number,
  ): Promise<[BatchResult, number[]]> {
    const indices = this.#batchIndices(order, batch).slice();
    const dims = new Int32Array(3 * indices.length);
    const raws = [];
    const labels: number[] = [];
    let total = 0;
    for (let k = 0; k < indices.length; k++) {
      const index = indices[k]!;
      const [raw, label] = dataset.getRaw(index);
      if (raw?.kind !== 'raw' || raw.data.length !== raw.height * raw.width * raw.channels) {
        throw new ArgumentError(
          `DataLoader: expected getRaw(${index}) to return [RawImage, label] with height * width * channels bytes, got ${describeValue(raw)}.`,
        );
      }
      const target = transformLabel(dataset.targetTransform, label, this.seed, epoch, index);
      labels.push(this.#collate === undefined ? classLabel(target, index) : target);
      dims.set([raw.height, raw.width, raw.channels], 3 * k);
      raws.push(raw.data);
      total += raw.data.length;
    }
    // One packed copy: getRaw may return views of the whole dataset, whose buffer must not be
    // transferred away, and one buffer per batch is cheaper to send than one per sample.
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const data of raws) {
      bytes.set(data, offset);
      offset += data.length;
    }
    const result = await pool.run(batch % this.numWorkers, { indices, dims, bytes }, [
      indices.buffer,
      dims.buffer,
      bytes.buffer,
    ]);
    return [result, labels];
  }
}
