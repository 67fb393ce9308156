// The model factories and helpers that take an options object, held to the options rule.
import '@strata/backend-cpu';
import { type OptionsCase, runOptionsContract } from '@strata/core/testing';
import { alexnet } from './alexnet.js';
import { densenet } from './densenet.js';
import { googlenet } from './googlenet.js';
import { batchNormLenet, lenet, lenetModern } from './lenet.js';
import { nin } from './nin.js';
import { createModel } from './registry.js';
import { Residual, resnet18, resnet34 } from './resnet.js';
import { summary } from './summary.js';
import { VGG11_ARCH, vgg } from './vgg.js';

const row = (fn: string, call: (o: never) => unknown, misspelt: string, meant: string): OptionsCase => ({
  fn,
  call: (o) => call(o as never),
  misspelt,
  meant,
});
// Narrow models, so that building each one many times stays quick.
const small = { ratio: 16 };

runOptionsContract([
  { ...row('lenet', (o) => lenet(o), 'num_classes', 'numClasses'), base: small },
  { ...row('lenetModern', (o) => lenetModern(o), 'input_size', 'inputSize'), base: small },
  { ...row('batchNormLenet', (o) => batchNormLenet(o), 'in_channels', 'inChannels'), base: small },
  { ...row('alexnet', (o) => alexnet(o), 'input_size', 'inputSize'), base: small },
  { ...row('vgg', (o) => vgg(VGG11_ARCH, o), 'num_classes', 'numClasses'), base: small },
  { ...row('nin', (o) => nin(o), 'ration', 'ratio'), base: small },
  { ...row('googlenet', (o) => googlenet(o), 'num_classes', 'numClasses'), base: small },
  { ...row('resnet18', (o) => resnet18(o), 'in_channels', 'inChannels'), base: small },
  { ...row('resnet34', (o) => resnet34(o), 'num_classes', 'numClasses'), base: small },
  { ...row('densenet', (o) => densenet(o), 'convs_per_block', 'convsPerBlock'), base: small },
  { ...row('createModel', (o) => createModel('resnet18', o), 'input_size', 'inputSize'), base: small },
  row('Residual', (o) => new Residual(3, 3, o), 'use_1x1conv', 'use1x1conv'),
  row('summary', (o) => summary(lenet(small), [1, 1, 28, 28], o), 'Depth', 'depth'),
]);
