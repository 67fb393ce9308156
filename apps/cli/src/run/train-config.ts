import { MODELS } from '@strata/models';
import { UsageError } from '../usage-error.js';

/**
 * Everything `strata train` needs to start (or restart) a run; written to `config.json` in the
 * run directory, read back by `--resume`, `eval` and `predict`.
 *
 * @example
 * ```ts
 * const config: TrainConfig = { ...DEFAULT_CONFIG, model: 'resnet18', resize: 28, widthRatio: 4 };
 * ```
 */
export interface TrainConfig {
  model: string;
  dataset: 'fashion-mnist' | 'mnist';
  dataDir: string | null;
  /** Train on the 6,000 / 1,000-image sample shipped with @strata/data (Fashion-MNIST only). */
  embeddedSample: boolean;
  backend: string;
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: 'sgd' | 'adam' | 'adamw';
  momentum: number;
  weightDecay: number;
  scheduler: 'none' | 'step' | 'cosine' | 'onecycle';
  /** Side of the square images the model reads; `null` = the model's chapter size. */
  resize: number | null;
  widthRatio: number;
  augment: boolean;
  /** Padding of `augment`'s random crop, in pixels of the 28 x 28 image; 0 keeps the flips only. */
  cropPadding: number;
  workers: number;
  seed: number;
  limitTrain: number | null;
  limitTest: number | null;
  /** Xavier-uniform weights, as the chapters' `train_ch6`. */
  xavier: boolean;
}

/**
 * The defaults: a modern LeNet on Fashion-MNIST with Adam, three epochs, on the CPU.
 *
 * @example
 * ```ts
 * DEFAULT_CONFIG.model; // 'lenet-modern'
 * ```
 */
export const DEFAULT_CONFIG: TrainConfig = {
  model: 'lenet-modern',
  dataset: 'fashion-mnist',
  dataDir: null,
  embeddedSample: false,
  backend: 'cpu',
  epochs: 3,
  batchSize: 256,
  lr: 1e-3,
  optimizer: 'adam',
  momentum: 0,
  weightDecay: 0,
  scheduler: 'none',
  resize: null,
  widthRatio: 1,
  augment: false,
  cropPadding: 4,
  workers: 0,
  seed: 0,
  limitTrain: null,
  limitTest: null,
  xavier: true,
};

const CHOICES = {
  dataset: ['fashion-mnist', 'mnist'],
  optimizer: ['sgd', 'adam', 'adamw'],
  scheduler: ['none', 'step', 'cosine', 'onecycle'],
} as const;

function integer(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new UsageError(`expected --${name} to be an integer ${range}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * The largest `--seed`: the loaders draw from `seed + 1`, and seeds are 32-bit integers, so a
 * larger one would alias a smaller one instead of being a seed of its own.
 *
 * @example
 * ```ts
 * checkConfig({ seed: MAX_SEED }).seed; // 2147483646
 * ```
 */
export const MAX_SEED = 2 ** 31 - 2;

/**
 * The largest `--resize`: a side well above every chapter's (224), below sizes whose first
 * batch alone would not fit in memory.
 *
 * @example
 * ```ts
 * checkConfig({ resize: MAX_RESIZE }).resize; // 1024
 * ```
 */
export const MAX_RESIZE = 1024;

function number(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new UsageError(`expected --${name} to be a number >= ${min}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function choice<T extends string>(name: string, value: unknown, options: readonly T[]): T {
  if (!options.includes(value as T))
    throw new UsageError(`expected --${name} to be one of ${options.join(', ')}, got ${JSON.stringify(value)}.`);
  return value as T;
}

function boolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new UsageError(`expected --${name} to be true or false, got ${JSON.stringify(value)}.`);
  return value;
}

const nullable = <T>(value: T | null, check: (v: T) => T): T | null => (value === null ? null : check(value));

/**
 * Checks a config (from flags, `--config FILE` or a run's `config.json`) and fills defaults;
 * unknown keys and bad values are usage errors that name the key and the valid values.
 *
 * @example
 * ```ts
 * const config = checkConfig({ model: 'lenet', epochs: 10 });
 * ```
 */
export function checkConfig(input: Partial<Record<keyof TrainConfig, unknown>>): TrainConfig {
  const unknown = Object.keys(input).filter((k) => !Object.hasOwn(DEFAULT_CONFIG, k));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown config key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; expected ${Object.keys(DEFAULT_CONFIG).join(', ')}.`,
    );
  const c = { ...DEFAULT_CONFIG, ...input } as Record<keyof TrainConfig, unknown>;
  if (typeof c.model !== 'string' || !Object.hasOwn(MODELS, c.model)) {
    throw new UsageError(
      `unknown model ${JSON.stringify(c.model)}; expected one of ${Object.keys(MODELS).join(', ')}.`,
    );
  }
  if (typeof c.backend !== 'string')
    throw new UsageError(`expected --backend to be a backend name, got ${JSON.stringify(c.backend)}.`);
  return {
    model: c.model,
    dataset: choice('dataset', c.dataset, CHOICES.dataset),
    dataDir: nullable(c.dataDir as string | null, (v) => {
      if (typeof v !== 'string')
        throw new UsageError(`expected --data-dir to be a directory, got ${JSON.stringify(v)}.`);
      return v;
    }),
    embeddedSample: boolean('embedded-sample', c.embeddedSample),
    backend: c.backend,
    epochs: integer('epochs', c.epochs, 1),
    batchSize: integer('batch-size', c.batchSize, 1),
    lr: number('lr', c.lr, 0),
    optimizer: choice('optimizer', c.optimizer, CHOICES.optimizer),
    momentum: number('momentum', c.momentum, 0),
    weightDecay: number('weight-decay', c.weightDecay, 0),
    scheduler: choice('scheduler', c.scheduler, CHOICES.scheduler),
    resize: nullable(c.resize as number | null, (v) => integer('resize', v, 1, MAX_RESIZE)),
    widthRatio: number('width-ratio', c.widthRatio, 1),
    augment: boolean('augment', c.augment),
    cropPadding: integer('crop-padding', c.cropPadding, 0),
    workers: integer('workers', c.workers, 0),
    seed: integer('seed', c.seed, 0, MAX_SEED),
    limitTrain: nullable(c.limitTrain as number | null, (v) => integer('limit-train', v, 1)),
    limitTest: nullable(c.limitTest as number | null, (v) => integer('limit-test', v, 1)),
    xavier: boolean('xavier', c.xavier),
  };
}

/**
 * The side of the images for `config`: `--resize`, or the model's chapter size.
 *
 * @example
 * ```ts
 * inputSize({ ...DEFAULT_CONFIG, model: 'resnet18' }); // 96
 * ```
 */
export function inputSize(config: TrainConfig): number {
  return config.resize ?? MODELS[config.model]!.inputSize;
}
