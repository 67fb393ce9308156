import '@strata/backend-cpu';
import { ArgumentError, tensor, zeros } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { BCEWithLogitsLoss } from '../losses/bce-with-logits-loss.js';
import { CrossEntropyLoss } from '../losses/cross-entropy-loss.js';
import { MSELoss } from '../losses/mse-loss.js';
import { NLLLoss } from '../losses/nll-loss.js';
import { Buffer } from '../module/buffer.js';
import type { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';
import {
  ELU,
  GELU,
  Hardsigmoid,
  Hardswish,
  LeakyReLU,
  LogSigmoid,
  LogSoftmax,
  Mish,
  ReLU,
  SiLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from './activations.js';
import { AdaptiveAvgPool2d } from './adaptive-avg-pool2d.js';
import { AdaptiveMaxPool2d } from './adaptive-max-pool2d.js';
import { AvgPool2d } from './avg-pool2d.js';
import { BatchNorm1d } from './batch-norm1d.js';
import { BatchNorm2d } from './batch-norm2d.js';
import { Conv2d } from './conv2d.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import { Identity } from './identity.js';
import { LazyBatchNorm2d } from './lazy-batch-norm2d.js';
import { LazyConv2d } from './lazy-conv2d.js';
import { LazyLinear } from './lazy-linear.js';
import { Linear } from './linear.js';
import { MaxPool2d } from './max-pool2d.js';

// What a layer was built with, read back from its attributes (and its parameters' dtypes).
function attributes(layer: Module): Record<string, unknown> {
  const out: Record<string, unknown> = { repr: String(layer) };
  for (const key of [
    'inFeatures',
    'outFeatures',
    'inChannels',
    'outChannels',
    'kernelSize',
    'stride',
    'padding',
    'dilation',
    'groups',
    'paddingMode',
    'numFeatures',
    'eps',
    'momentum',
    'affine',
    'trackRunningStats',
    'ceilMode',
    'countIncludePad',
    'divisorOverride',
    'outputSize',
    'p',
    'startDim',
    'endDim',
    'dim',
    'reduction',
    'ignoreIndex',
    'labelSmoothing',
    'approximate',
    'beta',
    'threshold',
    'alpha',
    'negativeSlope',
  ]) {
    if (key in layer) out[key] = (layer as unknown as Record<string, unknown>)[key];
  }
  out.parameters = layer.namedParameters().map(([name, p]) => [name, p.dtype, [...p.shape]]);
  return out;
}

// Each row: PyTorch's positional call, the same call by name, and what PyTorch's order means.
const cases: [string, () => Module, () => Module, Record<string, unknown>][] = [
  [
    'Linear(4, 8, False, None, float64)',
    () => new Linear(4, 8, false, null, 'float64'),
    () => new Linear({ inFeatures: 4, outFeatures: 8, bias: false, dtype: 'float64' }),
    { inFeatures: 4, outFeatures: 8, parameters: [['weight', 'float64', [8, 4]]] },
  ],
  [
    'Conv2d(1, 96, 11, 4, 1)',
    () => new Conv2d(1, 96, 11, 4, 1),
    () => new Conv2d(1, 96, { kernelSize: 11, stride: 4, padding: 1 }),
    { kernelSize: [11, 11], stride: [4, 4], padding: [1, 1], dilation: [1, 1], groups: 1 },
  ],
  [
    'Conv2d with all eleven arguments',
    () => new Conv2d(4, 6, [3, 2], [2, 1], 'valid', 2, 2, false, 'reflect', null, 'float64'),
    () =>
      new Conv2d({
        inChannels: 4,
        outChannels: 6,
        kernelSize: [3, 2],
        stride: [2, 1],
        padding: 'valid',
        dilation: 2,
        groups: 2,
        bias: false,
        paddingMode: 'reflect',
        dtype: 'float64',
      }),
    {
      inChannels: 4,
      outChannels: 6,
      stride: [2, 1],
      padding: 'valid',
      dilation: [2, 2],
      groups: 2,
      paddingMode: 'reflect',
      parameters: [['weight', 'float64', [6, 2, 3, 2]]],
    },
  ],
  [
    'LazyConv2d(96, 11, 4, 1)',
    () => new LazyConv2d(96, 11, 4, 1),
    () => new LazyConv2d({ outChannels: 96, kernelSize: 11, stride: 4, padding: 1 }),
    { inChannels: 0, outChannels: 96, stride: [4, 4], padding: [1, 1] },
  ],
  [
    'LazyLinear(10, False)',
    () => new LazyLinear(10, false),
    () => new LazyLinear(10, { bias: false }),
    { repr: 'LazyLinear(in_features=0, out_features=10, bias=False)' },
  ],
  [
    'BatchNorm2d(8, 1e-3, None, False, False)',
    () => new BatchNorm2d(8, 1e-3, null, false, false),
    () => new BatchNorm2d({ numFeatures: 8, eps: 1e-3, momentum: null, affine: false, trackRunningStats: false }),
    { numFeatures: 8, eps: 1e-3, momentum: null, affine: false, trackRunningStats: false, parameters: [] },
  ],
  [
    'BatchNorm1d(3, 1e-3, 0.2, True, True, None, float64, *, bias=False)',
    () => new BatchNorm1d(3, 1e-3, 0.2, true, true, null, 'float64', { bias: false }),
    () => new BatchNorm1d(3, { eps: 1e-3, momentum: 0.2, dtype: 'float64', bias: false }),
    { eps: 1e-3, momentum: 0.2, parameters: [['weight', 'float64', [3]]] },
  ],
  [
    'LazyBatchNorm2d(1e-3, None)',
    () => new LazyBatchNorm2d(1e-3, null),
    () => new LazyBatchNorm2d({ eps: 1e-3, momentum: null }),
    { eps: 1e-3, momentum: null, affine: true },
  ],
  [
    'MaxPool2d(3, 2)',
    () => new MaxPool2d(3, 2),
    () => new MaxPool2d({ kernelSize: 3, stride: 2 }),
    { kernelSize: 3, stride: 2, padding: 0, dilation: 1, ceilMode: false },
  ],
  [
    'MaxPool2d(3, None, 1, 2, False, True)',
    () => new MaxPool2d(3, null, 1, 2, false, true),
    () => new MaxPool2d(3, { padding: 1, dilation: 2, ceilMode: true }),
    { kernelSize: 3, stride: 3, padding: 1, dilation: 2, ceilMode: true },
  ],
  [
    'AvgPool2d(3, 2, 1, True, False, 4)',
    () => new AvgPool2d(3, 2, 1, true, false, 4),
    () =>
      new AvgPool2d({
        kernelSize: 3,
        stride: 2,
        padding: 1,
        ceilMode: true,
        countIncludePad: false,
        divisorOverride: 4,
      }),
    { stride: 2, padding: 1, ceilMode: true, countIncludePad: false, divisorOverride: 4 },
  ],
  [
    'AdaptiveAvgPool2d((1, 1))',
    () => new AdaptiveAvgPool2d([1, 1]),
    () => new AdaptiveAvgPool2d({ outputSize: [1, 1] }),
    { outputSize: [1, 1] },
  ],
  [
    'AdaptiveMaxPool2d(2, False)',
    () => new AdaptiveMaxPool2d(2, false),
    () => new AdaptiveMaxPool2d({ outputSize: 2, returnIndices: false }),
    { outputSize: 2 },
  ],
  ['Dropout(0.2)', () => new Dropout(0.2, false), () => new Dropout({ p: 0.2 }), { p: 0.2 }],
  ['Flatten(0, 2)', () => new Flatten(0, 2), () => new Flatten({ startDim: 0, endDim: 2 }), { startDim: 0, endDim: 2 }],
  ['ReLU(False)', () => new ReLU(false), () => new ReLU({ inplace: false }), { repr: 'ReLU()' }],
  ['Softmax(1)', () => new Softmax(1), () => new Softmax({ dim: 1 }), { dim: 1 }],
  ['LogSoftmax(0)', () => new LogSoftmax(0), () => new LogSoftmax({ dim: 0 }), { dim: 0 }],
  ['Sigmoid()', () => new Sigmoid(), () => new Sigmoid({}), { repr: 'Sigmoid()' }],
  ['Tanh()', () => new Tanh(), () => new Tanh({}), { repr: 'Tanh()' }],
  ["GELU('tanh')", () => new GELU('tanh'), () => new GELU({ approximate: 'tanh' }), { approximate: 'tanh' }],
  ['SiLU(False)', () => new SiLU(false), () => new SiLU({ inplace: false }), { repr: 'SiLU()' }],
  [
    'Softplus(2, 10)',
    () => new Softplus(2, 10),
    () => new Softplus({ beta: 2, threshold: 10 }),
    { beta: 2, threshold: 10 },
  ],
  ['ELU(0.5, False)', () => new ELU(0.5, false), () => new ELU({ alpha: 0.5, inplace: false }), { alpha: 0.5 }],
  [
    'LeakyReLU(0.2, False)',
    () => new LeakyReLU(0.2, false),
    () => new LeakyReLU({ negativeSlope: 0.2, inplace: false }),
    { negativeSlope: 0.2 },
  ],
  ['Hardswish(False)', () => new Hardswish(false), () => new Hardswish({ inplace: false }), { repr: 'Hardswish()' }],
  [
    'Hardsigmoid(False)',
    () => new Hardsigmoid(false),
    () => new Hardsigmoid({ inplace: false }),
    { repr: 'Hardsigmoid()' },
  ],
  ['Mish(False)', () => new Mish(false), () => new Mish({ inplace: false }), { repr: 'Mish()' }],
  ['LogSigmoid()', () => new LogSigmoid(), () => new LogSigmoid({}), { repr: 'LogSigmoid()' }],
  [
    'CrossEntropyLoss(None, None, 3, None, sum, 0.1)',
    () => new CrossEntropyLoss(null, null, 3, null, 'sum', 0.1),
    () => new CrossEntropyLoss({ ignoreIndex: 3, reduction: 'sum', labelSmoothing: 0.1 }),
    { ignoreIndex: 3, reduction: 'sum', labelSmoothing: 0.1 },
  ],
  [
    'NLLLoss(None, None, 0, None, none)',
    () => new NLLLoss(null, null, 0, null, 'none'),
    () => new NLLLoss({ ignoreIndex: 0, reduction: 'none' }),
    { ignoreIndex: 0, reduction: 'none' },
  ],
  [
    'MSELoss(None, None, sum)',
    () => new MSELoss(null, null, 'sum'),
    () => new MSELoss({ reduction: 'sum' }),
    { reduction: 'sum' },
  ],
  [
    'BCEWithLogitsLoss(None, None, None, sum)',
    () => new BCEWithLogitsLoss(null, null, null, 'sum'),
    () => new BCEWithLogitsLoss({ reduction: 'sum' }),
    { reduction: 'sum' },
  ],
];

describe("layers take PyTorch's positional arguments in PyTorch's order, or the same by name", () => {
  it.each(cases)('%s', (_name, positional, named, expected) => {
    const a = attributes(positional());
    expect(a).toEqual(attributes(named()));
    expect(a).toMatchObject(expected);
  });

  it('Identity accepts and ignores any arguments, as PyTorch', () => {
    expect(String(new Identity(54, { unused: 'argument' }))).toBe('Identity()');
  });

  it("BCEWithLogitsLoss's fifth argument is pos_weight", () => {
    const posWeight = tensor([3]);
    expect(new BCEWithLogitsLoss(null, null, null, 'mean', posWeight).posWeight).toBe(posWeight);
  });

  it("losses follow PyTorch's rule for the deprecated size_average and reduce", () => {
    expect(new MSELoss(false).reduction).toBe('sum');
    expect(new MSELoss(true, false).reduction).toBe('none');
    expect(new MSELoss(null, true, 'none').reduction).toBe('mean');
    expect(new CrossEntropyLoss({ sizeAverage: false }).reduction).toBe('sum');
    expect(new NLLLoss(null, null, -100, false).reduction).toBe('none');
  });

  it('Parameter and Buffer take theirs too', () => {
    expect(new Parameter(zeros([2]), false).requiresGrad).toBe(false);
    expect(new Parameter(zeros([2]), { requiresGrad: false }).requiresGrad).toBe(false);
    expect(new Buffer(zeros([2]), { persistent: false }).persistent).toBe(false);
  });
});

describe('constructor arguments are checked', () => {
  it.each([
    [
      () => new Conv2d(1, 1, 3, { padding_mode: 'reflect' } as never),
      'Conv2d: unknown option padding_mode; did you mean paddingMode?',
    ],
    [
      () => new Conv2d(1, 1, { kernel_zise: 3, padding: 1 } as never),
      'Conv2d: unknown option kernel_zise; did you mean kernelSize?',
    ],
    [() => new Linear(2, 2, { device: 'cpu' } as never), 'Linear: unknown option device; did you mean backend?'],
    [() => new MaxPool2d(3, { strid: 2 } as never), 'MaxPool2d: unknown option strid; did you mean stride?'],
    [
      () => new BatchNorm2d(4, { track_running_stats: false } as never),
      'BatchNorm2d: unknown option track_running_stats; did you mean trackRunningStats?',
    ],
    [
      () => new CrossEntropyLoss({ label_smoothing: 0.1 } as never),
      'CrossEntropyLoss: unknown option label_smoothing; did you mean labelSmoothing?',
    ],
    [() => new Dropout({ rate: 0.5 } as never), 'Dropout: unknown option rate; expected one of p, inplace.'],
    [
      () => new Parameter(zeros([1]), { requires_grad: false } as never),
      'Parameter: unknown option requires_grad; did you mean requiresGrad?',
    ],
    [
      () => new Conv2d(1, 1, 3, 2, { stride: 2 } as never),
      'Conv2d: got stride twice, as argument 4 and in the options; pass it once.',
    ],
    [
      () => new Conv2d(1, 1, { padding: 1 } as never),
      'Conv2d: expected kernelSize (argument 3), got nothing; pass it in position or as { kernelSize }.',
    ],
    [() => new MaxPool2d(...([] as unknown as [number])), 'MaxPool2d: expected kernelSize (argument 1), got nothing'],
    [
      () => new Linear(...([1, 2, true, null, 'float32', 5] as unknown as [number, number])),
      'Linear: expected at most 5 (inFeatures, outFeatures, bias, backend, dtype) before the options object, got 6 positional arguments.',
    ],
    [
      () => new Sigmoid(...([1] as unknown as [])),
      'Sigmoid: expected no arguments before the options object, got 1 positional arguments.',
    ],
    [() => new Linear(4, 8, 'yes' as never), "Linear: expected bias (argument 3) to be a boolean, got 'yes'."],
    [() => new Linear(4, 8, { bias: 1 } as never), 'Linear: expected option bias to be a boolean, got 1.'],
    [
      () => new Conv2d(1, 1, 3, 'x' as never),
      "Conv2d: expected stride (argument 4) to be a number or a pair [h, w], got 'x'.",
    ],
    [
      () => new Linear(4, 8, true, null, 'half' as never),
      "Linear: expected dtype (argument 5) to be a dtype ('float32', 'float64', 'int32' or 'bool') or null, got 'half'.",
    ],
    [
      () => new BatchNorm2d(4, 1e-5, '0.1' as never),
      "BatchNorm2d: expected momentum (argument 3) to be a number or null, got '0.1'.",
    ],
    [() => new Parameter([1, 2] as never), 'Parameter: expected data (argument 1) to be a Tensor, got [1,2].'],
    [() => new MaxPool2d(3, 2, 1, 1, true as never), 'MaxPool2d: returnIndices is not supported by the layer'],
    [() => new AdaptiveMaxPool2d(2, true as never), 'AdaptiveMaxPool2d: returnIndices is not supported yet'],
    [
      () => new ReLU(true as never),
      'ReLU: inplace is not supported (the layer returns a new tensor and leaves its input unchanged); drop the argument.',
    ],
    [() => new Dropout(0.5, true as never), 'Dropout: inplace is not supported'],
    [() => new SiLU(true as never), 'SiLU: inplace is not supported'],
    [() => new ELU(1, true as never), 'ELU: inplace is not supported'],
    [() => new LeakyReLU({ inplace: true } as never), 'LeakyReLU: inplace is not supported'],
    [() => new Hardswish(true as never), 'Hardswish: inplace is not supported'],
    [() => new Hardsigmoid(true as never), 'Hardsigmoid: inplace is not supported'],
    [() => new Mish(true as never), 'Mish: inplace is not supported'],
    [() => new GELU('fast' as never), "GELU: expected approximate to be 'none' or 'tanh', got 'fast'."],
    [() => new GELU(true as never), 'GELU: expected approximate (argument 1) to be a string, got true.'],
    [() => new Softplus('2' as never), "Softplus: expected beta (argument 1) to be a number, got '2'."],
    [
      () => new LeakyReLU({ negative_slope: 0.2 } as never),
      'LeakyReLU: unknown option negative_slope; did you mean negativeSlope?',
    ],
    [() => new ELU({ alpah: 0.5 } as never), 'ELU: unknown option alpah; did you mean alpha?'],
    [
      () => new LogSigmoid(...([1] as unknown as [])),
      'LogSigmoid: expected no arguments before the options object, got 1 positional arguments.',
    ],
    [
      () => new CrossEntropyLoss(tensor([1, 2]) as never),
      'CrossEntropyLoss: class weights (weight) are not supported yet',
    ],
  ])('%#: %s', (make, message) => {
    expect(make).toThrow(ArgumentError);
    expect(make).toThrow(message);
  });

  it('positional values keep their range checks', () => {
    expect(() => new Conv2d(1, 6, 5, 0)).toThrow(
      'Conv2d: expected stride as a positive integer or a pair [h, w] of them, got 0.',
    );
    expect(() => new Dropout(2)).toThrow('Dropout: expected a probability p in [0, 1], got 2.');
    expect(() => new BatchNorm2d(0)).toThrow('BatchNorm2d: expected numFeatures to be a positive integer, got 0.');
  });
});
