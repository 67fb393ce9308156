import type { Tensor } from '@strata/core';
import { createModel } from '@strata/models';
import type { Sequential } from '@strata/nn';
import {
  Adam,
  AdamW,
  CosineAnnealingLR,
  type LRScheduler,
  OneCycleLR,
  type Optimizer,
  SGD,
  StepLR,
} from '@strata/optim';
import { xavierInit } from '@strata/train';
import { inputSize, type TrainConfig } from './train-config.js';

/**
 * The run's model: `config.model` at its width ratio and input size, for 1-channel images and
 * 10 classes, Xavier-initialised when `config.xavier`.
 *
 * @example
 * ```ts
 * const net = buildModel({ ...DEFAULT_CONFIG, model: 'resnet18', widthRatio: 4 });
 * ```
 */
export function buildModel(config: TrainConfig): Sequential {
  const model = createModel(config.model, { ratio: config.widthRatio, inputSize: inputSize(config) });
  return config.xavier ? xavierInit(model) : model;
}

/**
 * The run's optimizer and learning-rate schedule: `step` divides the rate by 10 every third of
 * the epochs, `cosine` anneals it to 0 over the epochs, `onecycle` warms up to `lr` and anneals
 * over every batch.
 *
 * @example
 * ```ts
 * const { optimizer, scheduler, interval } = buildOptimizer(config, net.parameters(), loader.length);
 * ```
 */
export function buildOptimizer(
  config: TrainConfig,
  params: Tensor[],
  batchesPerEpoch: number,
): { optimizer: Optimizer; scheduler: LRScheduler | undefined; interval: 'epoch' | 'batch' } {
  const { lr, weightDecay } = config;
  const optimizer: Optimizer =
    config.optimizer === 'sgd'
      ? new SGD(params, { lr, momentum: config.momentum, weightDecay })
      : config.optimizer === 'adam'
        ? new Adam(params, { lr, weightDecay })
        : new AdamW(params, { lr, weightDecay });
  switch (config.scheduler) {
    case 'none':
      return { optimizer, scheduler: undefined, interval: 'epoch' };
    case 'step':
      return {
        optimizer,
        scheduler: new StepLR(optimizer, { stepSize: Math.max(1, Math.floor(config.epochs / 3)), gamma: 0.1 }),
        interval: 'epoch',
      };
    case 'cosine':
      return { optimizer, scheduler: new CosineAnnealingLR(optimizer, { tMax: config.epochs }), interval: 'epoch' };
    case 'onecycle':
      return {
        optimizer,
        scheduler: new OneCycleLR(optimizer, { maxLr: lr, totalSteps: config.epochs * batchesPerEpoch }),
        interval: 'batch',
      };
  }
}
