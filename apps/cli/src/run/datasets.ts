import {
  Compose,
  type Dataset,
  DatasetError,
  DatasetNotFoundError,
  FashionMNIST,
  type HostTensor,
  type IdxClassificationDataset,
  MNIST,
  RandomCrop,
  RandomHorizontalFlip,
  type RawImage,
  Resize,
  Subset,
  ToTensor,
  type Transform,
} from '@strata/data';
import { UsageError } from '../usage-error.js';
import { inputSize, type TrainConfig } from './train-config.js';

/**
 * The training and test sets of a run, and where they came from.
 *
 * @example
 * ```ts
 * const { train, test, source } = openDatasets(config);
 * ```
 */
export interface RunData {
  train: Dataset<[HostTensor, number]>;
  test: Dataset<[HostTensor, number]>;
  classes: readonly string[];
  /**
   * Where the images came from, in words, for each split when they differ (`the embedded sample
   * of Fashion-MNIST (6,000 training / 1,000 test images)`).
   */
  source: string;
}

/**
 * The images as the model reads them: resized to the run's input size (bilinear, as
 * torchvision), as float CHW in [0, 1]; for training with `augment`, a random crop of the
 * 28 x 28 image padded by `cropPadding` pixels (none when it is 0) and a random horizontal flip
 * first.
 *
 * @example
 * ```ts
 * const t = imageTransform(config, false);
 * ```
 */
export function imageTransform(config: TrainConfig, training: boolean): Transform<RawImage, HostTensor> {
  const size = inputSize(config);
  const steps: Transform<unknown, unknown>[] = [];
  if (training && config.augment) {
    if (config.cropPadding > 0) steps.push(new RandomCrop(28, { padding: config.cropPadding }));
    steps.push(new RandomHorizontalFlip());
  }
  if (size !== 28) steps.push(new Resize(size));
  steps.push(new ToTensor());
  return new Compose<RawImage, HostTensor>(steps);
}

function describeSource(
  train: IdxClassificationDataset<unknown, unknown> | undefined,
  test: IdxClassificationDataset<unknown, unknown>,
): string {
  const n = (ds: { length: number }) => ds.length.toLocaleString('en-US');
  const where = (ds: IdxClassificationDataset<unknown, unknown>) => ds.source.path ?? ds.source.kind;
  if (test.source.kind === 'embedded-sample' && (train === undefined || train.source.kind === 'embedded-sample')) {
    const counts = train === undefined ? `${n(test)} test images` : `${n(train)} training / ${n(test)} test images`;
    return `the embedded sample of Fashion-MNIST (${counts}); install the full data set with apt-get install dataset-fashion-mnist, or pass --data-dir`;
  }
  if (train === undefined) return `${where(test)} (${n(test)} test images)`;
  if (where(train) === where(test)) return `${where(train)} (${n(train)} training / ${n(test)} test images)`;
  return `training ${where(train)} (${n(train)} images), test ${where(test)} (${n(test)} images)`;
}

/** The images must be what the models and transforms are built for, checked before any step. */
function checkImageSize(ds: IdxClassificationDataset<unknown, unknown>): void {
  if (ds.height !== 28 || ds.width !== 28) {
    throw new UsageError(
      `expected 28 x 28 images in the ${ds.train ? 'training' : 'test'} set of ${ds.source.path ?? ds.source.kind}, got ${ds.height} x ${ds.width}; point --data-dir at the original Fashion-MNIST or MNIST files.`,
    );
  }
}

function limit<T>(ds: Dataset<T>, n: number | null): Dataset<T> {
  if (n === null || n >= ds.length) return ds;
  return new Subset(
    ds,
    Array.from({ length: n }, (_, i) => i),
  );
}

/**
 * Opens the run's data set (or its test split alone, for evaluation): `--data-dir`, else the
 * usual places (`$STRATA_DATA`, the cache, `/usr/share/datasets`). Fashion-MNIST falls back to
 * the embedded sample only when the files are found nowhere, and says so; a file that is found
 * but corrupt, or a place that cannot be read, is an error naming it. Missing data is an error
 * that lists where it looked and how to get it.
 *
 * @example
 * ```ts
 * const data = openDatasets({ ...DEFAULT_CONFIG, limitTrain: 1000 });
 * console.log(`data: ${data.source}`);
 * ```
 */
export function openDatasets(config: TrainConfig): RunData;
export function openDatasets(config: TrainConfig, splits: { train: false }): Omit<RunData, 'train'>;
export function openDatasets(
  config: TrainConfig,
  splits: { train?: boolean } = {},
): Omit<RunData, 'train'> & Partial<RunData> {
  const withTrain = splits.train !== false;
  const Kind = config.dataset === 'mnist' ? MNIST : FashionMNIST;
  const open = (train: boolean, sample: boolean): IdxClassificationDataset<HostTensor, number> =>
    new Kind<HostTensor, number>({
      ...(config.dataDir === null ? {} : { root: config.dataDir }),
      ...(sample ? { embeddedSample: true } : {}),
      train,
      transform: imageTransform(config, train),
    });
  if (config.embeddedSample && config.dataset !== 'fashion-mnist')
    throw new UsageError(
      `expected --dataset fashion-mnist with --embedded-sample (only Fashion-MNIST ships a sample), got ${config.dataset}.`,
    );
  const openSplits = (sample: boolean) => ({
    train: withTrain ? open(true, sample) : undefined,
    test: open(false, sample),
  });
  let opened: ReturnType<typeof openSplits>;
  try {
    opened = openSplits(config.embeddedSample);
  } catch (error) {
    // Only files found nowhere fall back to the sample, and for both splits alike; a file that
    // is there but wrong is the user's to see.
    const fallback = config.dataset === 'fashion-mnist' && config.dataDir === null && !config.embeddedSample;
    if (error instanceof DatasetNotFoundError && fallback) opened = openSplits(true);
    else if (error instanceof DatasetNotFoundError)
      throw new UsageError(`${error.message}\nOr point strata at the files with --data-dir DIR.`);
    else if (error instanceof DatasetError) throw new UsageError(error.message);
    else throw error;
  }
  const { train, test } = opened;
  for (const ds of [train, test]) if (ds !== undefined) checkImageSize(ds);
  return {
    ...(train === undefined ? {} : { train: limit(train, config.limitTrain) }),
    test: limit(test, config.limitTest),
    classes: test.classes,
    source: describeSource(train, test),
  };
}
