import {
  Compose,
  type Dataset,
  DatasetError,
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
  /** Where the images came from, in words (`the embedded sample (6,000 / 1,000 images)`). */
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
  ds: IdxClassificationDataset<unknown, unknown>,
  test: IdxClassificationDataset<unknown, unknown>,
): string {
  const counts = `${ds.length.toLocaleString('en-US')} training / ${test.length.toLocaleString('en-US')} test images`;
  const { kind, path } = ds.source;
  if (kind === 'embedded-sample')
    return `the embedded sample of Fashion-MNIST (${counts}); install the full data set with apt-get install dataset-fashion-mnist, or pass --data-dir`;
  return `${path ?? kind} (${counts})`;
}

function limit<T>(ds: Dataset<T>, n: number | null): Dataset<T> {
  if (n === null || n >= ds.length) return ds;
  return new Subset(
    ds,
    Array.from({ length: n }, (_, i) => i),
  );
}

/**
 * Opens the run's data set: `--data-dir`, else the usual places (`$STRATA_DATA`, the cache,
 * `/usr/share/datasets`); Fashion-MNIST falls back to the embedded sample and says so. Missing
 * data is an error that lists where it looked and how to get it.
 *
 * @example
 * ```ts
 * const data = openDatasets({ ...DEFAULT_CONFIG, limitTrain: 1000 });
 * console.log(`data: ${data.source}`);
 * ```
 */
export function openDatasets(config: TrainConfig): RunData {
  const Kind = config.dataset === 'mnist' ? MNIST : FashionMNIST;
  const open = (train: boolean, sample: boolean): IdxClassificationDataset<HostTensor, number> =>
    new Kind<HostTensor, number>({
      ...(config.dataDir === null ? {} : { root: config.dataDir }),
      ...(sample ? { embeddedSample: true } : {}),
      train,
      transform: imageTransform(config, train),
    });
  let train: IdxClassificationDataset<HostTensor, number>;
  let test: IdxClassificationDataset<HostTensor, number>;
  if (config.embeddedSample) {
    if (config.dataset !== 'fashion-mnist')
      throw new UsageError(
        `expected --dataset fashion-mnist with --embedded-sample (only Fashion-MNIST ships a sample), got ${config.dataset}.`,
      );
    train = open(true, true);
    test = open(false, true);
  } else {
    try {
      train = open(true, false);
      test = open(false, false);
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      if (config.dataset !== 'fashion-mnist' || config.dataDir !== null) {
        throw new UsageError(`${error.message}\nOr point strata at the files with --data-dir DIR.`);
      }
      train = open(true, true);
      test = open(false, true);
    }
  }
  return {
    train: limit(train, config.limitTrain),
    test: limit(test, config.limitTest),
    classes: train.classes,
    source: describeSource(train, test),
  };
}
