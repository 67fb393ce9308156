import { ArgumentError, checkOptions, optionKeys } from '@strata/core';
import { sampleRandom } from '../sample-random.js';
import type { Dataset, RawImage, Transform } from '../types.js';
import { checkIndex } from './check-index.js';
import { DatasetError } from './dataset-error.js';
import type { DatasetSource } from './dataset-source.js';
import { checkDownloadSettings, type DownloadSettings, downloadFiles } from './download-files.js';
import type { DownloadProgress } from './download-progress.js';
import type { IdxDatasetSpec, IdxSplitSpec } from './idx-dataset-spec.js';
import { missingDatasetError } from './missing-dataset-error.js';
import { requireNode } from './node-builtins.js';
import { readSplit, readSplitSync, type SplitData, type SplitPaths } from './read-split.js';
import { findIdxFile, resolveSource } from './resolve-source.js';

/**
 * Options of the MNIST-style datasets (`MNIST`, `FashionMNIST`), torchvision's arguments.
 *
 * @example
 * ```ts
 * const options: IdxDatasetOptions<HostTensor> = { train: false, transform: new ToTensor() };
 * ```
 */
export interface IdxDatasetOptions<X = RawImage, Y = number> {
  /**
   * The directory holding the four IDX files (`.gz` or not). When given, it is the only place
   * searched. Without it: `$STRATA_DATA/<name>`, the user cache, then the system directory.
   */
  root?: string;
  /** The training split (default) or the test split. */
  train?: boolean;
  /** Applied to each image by `get` (and by the DataLoader, with per-epoch randomness). */
  transform?: Transform<RawImage, X>;
  /** Applied to each label. */
  targetTransform?: Transform<number, Y>;
  /**
   * When the files are found nowhere, download them from the official mirrors (checked against
   * their MD5) into `root`, or else into the user cache. Downloading is asynchronous: only
   * `await Dataset.load(...)` does it.
   */
  download?: boolean;
  /**
   * Base URLs to download from instead of the official mirrors, tried in order: any failure of
   * one (an error status, a timeout, a body larger than the file can be, a checksum mismatch)
   * moves on to the next.
   */
  mirrors?: readonly string[];
  /**
   * Milliseconds a download request may go without data from the server (to answer, or between
   * two pieces of the body) before the next mirror is tried; 30,000 by default.
   */
  timeout?: number;
  /**
   * Download progress: `true` (the default) draws a bar on stderr (one line per file when
   * stderr is not a terminal), `false` shows nothing, a function receives every update.
   */
  progress?: boolean | ((progress: DownloadProgress) => void);
}

type AnyOptions = IdxDatasetOptions<unknown, unknown> & { embeddedSample?: boolean };

interface Loaded extends SplitData {
  readonly source: DatasetSource;
}

interface Request {
  readonly split: IdxSplitSpec;
  readonly root: string | undefined;
  readonly download: boolean;
  readonly settings: DownloadSettings;
  readonly embeddedSample: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;

// What `load` read asynchronously, handed to the constructor it then calls, keyed by the
// options object it passes so no other caller can inject data.
const preloaded = new WeakMap<object, Loaded>();

/**
 * @internal Reads (and downloads, if asked) the files `options` describe without blocking,
 * and returns options for the constructor that carry the result.
 */
export async function preloadIdxDataset<O extends AnyOptions>(spec: IdxDatasetSpec, options: O): Promise<O> {
  const request = resolveRequest(spec, options);
  const copy = { ...options };
  preloaded.set(copy, await loadAsync(spec, request));
  return copy;
}

/**
 * An MNIST-style classification dataset read from IDX files: the common part of `MNIST` and
 * `FashionMNIST`. All images of the split are read into memory once; `get` and `getRaw` copy
 * one image out.
 *
 * @example
 * ```ts
 * const ds: IdxClassificationDataset = new FashionMNIST({ train: false });
 * const [image, label] = ds.getRaw(0);
 * ds.classes[label]; // 'Ankle boot'
 * ```
 */
export abstract class IdxClassificationDataset<X = RawImage, Y = number> implements Dataset<[X, Y]> {
  /** Class names, indexed by label. */
  readonly classes: readonly string[];
  /** Whether this is the training split. */
  readonly train: boolean;
  readonly length: number;
  /** Where the files were read from. */
  readonly source: DatasetSource;
  readonly transform: Transform<RawImage, X> | undefined;
  readonly targetTransform: Transform<number, Y> | undefined;
  /** Image height in pixels (28). */
  readonly height: number;
  /** Image width in pixels (28). */
  readonly width: number;
  /** Every image, `length x height x width` bytes, row-major (torchvision's `data`). */
  readonly data: Uint8Array;
  /** Every label (torchvision's `targets`). */
  readonly targets: Uint8Array;
  readonly #name: string;

  protected constructor(spec: IdxDatasetSpec, options: IdxDatasetOptions<X, Y> & { embeddedSample?: boolean }) {
    const request = resolveRequest(spec, options);
    const loaded = preloaded.get(options) ?? loadSync(spec, request);
    this.#name = spec.name;
    this.classes = spec.classes;
    this.train = request.split === spec.train;
    this.length = loaded.images.count;
    this.source = Object.freeze({ ...loaded.source });
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    this.height = loaded.images.rows;
    this.width = loaded.images.cols;
    this.data = loaded.images.data;
    this.targets = loaded.labels.data;
  }

  /**
   * Sample `index` as `[image, label]`, through `transform` and `targetTransform` when given.
   * Random transforms draw from `sampleRandom(0, 0, index)`, so `get` is deterministic; the
   * DataLoader calls `getRaw` instead and varies the randomness per epoch.
   *
   * @example
   * ```ts
   * const [image, label] = new FashionMNIST({ transform: new ToTensor() }).get(0);
   * ```
   */
  get(index: number): [X, Y] {
    checkIndex(`${this.#name}.get`, index, this.length);
    const [image, label] = this.getRaw(index);
    const random = sampleRandom(0, 0, index);
    // Without a transform X and Y are RawImage and number (the type parameters' defaults).
    const x = this.transform === undefined ? (image as X) : this.transform.apply(image, random);
    const y = this.targetTransform === undefined ? (label as Y) : this.targetTransform.apply(label, random);
    return [x, y];
  }

  /**
   * Sample `index` untransformed: a copy of the `height x width x 1` image and its label.
   *
   * @example
   * ```ts
   * const [image, label] = new FashionMNIST().getRaw(0); // image.data.length === 784
   * ```
   */
  getRaw(index: number): [RawImage, number] {
    checkIndex(`${this.#name}.getRaw`, index, this.length);
    const size = this.height * this.width;
    const data = this.data.slice(index * size, (index + 1) * size);
    return [{ kind: 'raw', data, height: this.height, width: this.width, channels: 1 }, this.targets[index]!];
  }

  /**
   * A one-line description: split, size and source.
   *
   * @example
   * ```ts
   * String(new FashionMNIST()); // 'FashionMNIST(train, 60000 samples, system /usr/share/datasets/fashion-mnist)'
   * ```
   */
  toString(): string {
    const where = this.source.path === undefined ? this.source.kind : `${this.source.kind} ${this.source.path}`;
    return `${this.#name}(${this.train ? 'train' : 'test'}, ${this.length} samples, ${where})`;
  }
}

const OPTION_KEYS = optionKeys<IdxDatasetOptions>({
  root: true,
  train: true,
  transform: true,
  targetTransform: true,
  download: true,
  mirrors: true,
  timeout: true,
  progress: true,
});

function resolveRequest(spec: IdxDatasetSpec, options: AnyOptions): Request {
  const name = spec.name;
  const embedded = spec.sample !== undefined;
  if (!embedded && typeof options === 'object' && options !== null && 'embeddedSample' in options) {
    throw new ArgumentError(`${name}: unknown option embeddedSample; ${name} ships no embedded sample.`);
  }
  checkOptions(name, options, embedded ? [...OPTION_KEYS, 'embeddedSample'] : OPTION_KEYS);
  const {
    root,
    train = true,
    download = false,
    mirrors = spec.mirrors,
    timeout = DEFAULT_TIMEOUT_MS,
    progress = true,
  } = options;
  const embeddedSample = embedded ? (options.embeddedSample ?? false) : false;
  for (const [key, value] of [
    ['train', train],
    ['download', download],
    ['embeddedSample', embeddedSample],
  ] as const) {
    if (typeof value !== 'boolean')
      throw new ArgumentError(`${name}: expected ${key} to be a boolean, got ${String(value)}.`);
  }
  if (root !== undefined && (typeof root !== 'string' || root === '')) {
    throw new ArgumentError(`${name}: expected root to be a directory path, got ${JSON.stringify(root)}.`);
  }
  for (const key of ['transform', 'targetTransform'] as const) {
    const t = options[key];
    // A plain function has an `apply` too (Function.prototype.apply), so check for an object.
    if (t !== undefined && (t === null || typeof t !== 'object' || typeof t.apply !== 'function')) {
      const got =
        typeof t === 'function' ? 'a function; wrap it as { apply: (input, random) => ... }.' : `${String(t)}.`;
      throw new ArgumentError(
        `${name}: expected ${key} to be a Transform (an object with apply(input, random)), got ${got}`,
      );
    }
  }
  const settings: DownloadSettings = { mirrors, timeout, progress };
  checkDownloadSettings(name, settings);
  if (embeddedSample && (root !== undefined || download || options.mirrors !== undefined)) {
    throw new ArgumentError(
      `${name}: expected embeddedSample alone or root/download/mirrors, got both; the embedded sample is read from the package and never downloaded.`,
    );
  }
  return { split: train ? spec.train : spec.test, root, download, settings, embeddedSample };
}

function samplePaths(spec: IdxDatasetSpec, split: IdxSplitSpec): { dir: string; paths: SplitPaths } {
  const { path, url } = requireNode(
    spec.name,
    'the embedded sample is read from the package directory, which needs Node.',
  );
  const dir = path.resolve(url.fileURLToPath(spec.sample!));
  const images = findIdxFile(dir, split.images.name);
  const labels = findIdxFile(dir, split.labels.name);
  if (images === undefined || labels === undefined) {
    throw new DatasetError(
      `${spec.name}: expected the embedded sample's ${split.images.name}.gz and ${split.labels.name}.gz in ${dir}, got ${images ?? labels ?? 'neither'}${images === undefined && labels === undefined ? '' : ' only'}; the package is incomplete, reinstall @strata/data.`,
    );
  }
  return { dir, paths: { images, labels } };
}

const BROWSER_FIX = 'in a browser, fetch the IDX files and decode them with decodeIdx.';

function loadSync(spec: IdxDatasetSpec, request: Request): Loaded {
  const caller = spec.name;
  requireNode(caller, BROWSER_FIX);
  if (request.embeddedSample) {
    const { dir, paths } = samplePaths(spec, request.split);
    return {
      ...readSplitSync(caller, request.split, spec.classes.length, paths),
      source: { kind: 'embedded-sample', path: dir },
    };
  }
  const found = resolveSource(spec, request.split, request.root);
  if (!found.found) throw missingDatasetError(spec, request.split, found.searched, request.download);
  return { ...readSplitSync(caller, request.split, spec.classes.length, found), source: found.source };
}

async function loadAsync(spec: IdxDatasetSpec, request: Request): Promise<Loaded> {
  const caller = `${spec.name}.load`;
  requireNode(caller, BROWSER_FIX);
  if (request.embeddedSample) {
    const { dir, paths } = samplePaths(spec, request.split);
    return {
      ...(await readSplit(caller, request.split, spec.classes.length, paths)),
      source: { kind: 'embedded-sample', path: dir },
    };
  }
  const found = resolveSource(spec, request.split, request.root);
  if (found.found)
    return { ...(await readSplit(caller, request.split, spec.classes.length, found)), source: found.source };
  if (!request.download) throw missingDatasetError(spec, request.split, found.searched, false);
  await downloadFiles(spec, found.downloadDir, request.settings);
  const images = findIdxFile(found.downloadDir, request.split.images.name)!;
  const labels = findIdxFile(found.downloadDir, request.split.labels.name)!;
  return {
    ...(await readSplit(caller, request.split, spec.classes.length, { images, labels })),
    source: { kind: 'download', path: found.downloadDir },
  };
}
