// data's public functions and constructors that take an options object, held to the options rule.
import '@strata/backend-cpu';
import { arange, rand } from '@strata/core';
import { type OptionsCase, runOptionsContract } from '@strata/core/testing';
import { FashionMNIST } from './datasets/fashion-mnist.js';
import { MNIST } from './datasets/mnist.js';
import { randomSplit } from './datasets/random-split.js';
import { TensorDataset } from './datasets/tensor-dataset.js';
import { DataLoader } from './loader/data-loader.js';
import { Pad } from './transforms/pad.js';
import { RandomCrop } from './transforms/random-crop.js';
import { RandomRotation } from './transforms/random-rotation.js';
import { Resize } from './transforms/resize.js';

const dataset = () => new TensorDataset(rand([6, 2]), arange(6));
const row = (fn: string, call: (o: never) => unknown, misspelt: string, meant: string): OptionsCase => ({
  fn,
  call: (o) => call(o as never),
  misspelt,
  meant,
});

runOptionsContract([
  row('DataLoader', (o) => new DataLoader(dataset(), o), 'batch_size', 'batchSize'),
  row('epochBatches', (o) => new DataLoader(dataset()).epochBatches(0, o).next(), 'strat', 'start'),
  row('FashionMNIST', (o) => new FashionMNIST(o), 'embedded_sample', 'embeddedSample'),
  row('FashionMNIST', (o) => FashionMNIST.load(o), 'target_transform', 'targetTransform'),
  row('MNIST', (o) => new MNIST(o), 'Root', 'root'),
  row('randomSplit', (o) => randomSplit(dataset(), [3, 3], o), 'sed', 'seed'),
  row('RandomCrop', (o) => new RandomCrop(2, o), 'pad_if_needed', 'padIfNeeded'),
  row('RandomRotation', (o) => new RandomRotation(10, o), 'expnad', 'expand'),
  row('Pad', (o) => new Pad(1, o), 'padding_mode', 'paddingMode'),
  row('Resize', (o) => new Resize(4, o), 'anti_alias', 'antialias'),
]);
