import '@strata/backend-cpu';
import { ArgumentError, ones, rand, ShapeError, zeros } from '@strata/core';
import { expectClose } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import batchNormJson from '../__fixtures__/batch-norm.json' with { type: 'json' };
import conv2dJson from '../__fixtures__/conv2d.json' with { type: 'json' };
import {
  GOLDEN_FLOAT64,
  type GoldenCase,
  type GoldenFile,
  type GoldenPass,
  goldenStateDict,
  runPass,
} from '../__fixtures__/golden.js';
import linearJson from '../__fixtures__/linear.json' with { type: 'json' };
import reprsJson from '../__fixtures__/reprs.json' with { type: 'json' };
import { Sequential } from '../module/containers.js';
import { ReLU } from './activations.js';
import type { BatchNormLayerOptions } from './batch-norm-base.js';
import { BatchNorm2d } from './batch-norm2d.js';
import { Conv2d, type Conv2dLayerOptions } from './conv2d.js';
import { LazyBatchNorm2d } from './lazy-batch-norm2d.js';
import { LazyConv2d } from './lazy-conv2d.js';
import { LazyLinear } from './lazy-linear.js';
import { type LayerOptions, Linear } from './linear.js';

const lazyCases = (reprsJson as unknown as GoldenFile).cases.filter((c) => c.layer.startsWith('Lazy'));
const findCase = (file: unknown, name: string): GoldenCase => (file as GoldenFile).cases.find((c) => c.name === name)!;

function buildLazy(c: GoldenCase, extra: object = {}): LazyLinear | LazyConv2d | LazyBatchNorm2d {
  const args = c.args as number[];
  switch (c.layer) {
    case 'LazyLinear':
      return new LazyLinear(args[0]!, { ...(c.options as LayerOptions), ...extra });
    case 'LazyConv2d':
      return new LazyConv2d(args[0]!, args[1]!, { ...(c.options as Conv2dLayerOptions), ...extra });
    default:
      return new LazyBatchNorm2d({ ...(c.options as BatchNormLayerOptions), ...extra });
  }
}

describe('lazy layers', () => {
  it.each(lazyCases.map((c) => [c.name, c] as const))(
    '%s: infers its shapes from the first input and prints as PyTorch',
    (_name, c) => {
      const layer = buildLazy(c);
      expect(String(layer)).toBe(c.repr);
      expect(layer.parameters()).toEqual([]);
      layer.forward(rand(c.inputShape!));
      expect(String(layer)).toBe(c.reprAfter);
      const shapes = Object.fromEntries(Object.entries(layer.stateDict()).map(([k, t]) => [k, t.shape]));
      expect(shapes).toEqual(c.stateDictShapes);
    },
  );

  it('become the concrete class once materialised', () => {
    const fc = new LazyLinear(3);
    expect(fc).not.toBeInstanceOf(Linear);
    fc.forward(ones([2, 5]));
    expect(fc).toBeInstanceOf(Linear);
    expect(fc.constructor).toBe(Linear);
    expect(fc.inFeatures).toBe(5);
    const conv = new LazyConv2d(4, 3);
    conv.forward(ones([1, 2, 5, 5]));
    expect(conv).toBeInstanceOf(Conv2d);
    expect(conv.inChannels).toBe(2);
    const bn = new LazyBatchNorm2d();
    bn.forward(rand([2, 3, 2, 2]));
    expect(bn).toBeInstanceOf(BatchNorm2d);
    expect(bn.numFeatures).toBe(3);
  });

  it("initialise like the concrete layer: Linear's bounds, BatchNorm's ones and zeros", () => {
    const fc = new LazyLinear(50);
    fc.forward(ones([1, 16]));
    const bound = 1 / Math.sqrt(16);
    for (const v of fc.weight!.dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    expect(new Set(fc.weight!.dataSync()).size).toBeGreaterThan(100);
    const bn = new LazyBatchNorm2d();
    bn.forward(rand([2, 2, 2, 2]));
    expect(bn.weight!.toArray()).toEqual([1, 1]);
    expect(bn.bias!.toArray()).toEqual([0, 0]);
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  it('list their parameters after the dry run, so an optimizer built then sees them', () => {
    const net = new Sequential(new LazyConv2d(4, 3), new ReLU(), new LazyBatchNorm2d());
    expect(net.parameters()).toHaveLength(0);
    expect(Object.keys(net.stateDict())).toEqual(['2.num_batches_tracked']);
    net.forward(rand([2, 3, 6, 6]));
    expect(net.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(String(net)).toContain('(0): Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1))');
    expect(String(net)).toContain('(2): BatchNorm2d(4, eps=1e-05');
  });

  it('loadStateDict materialises a lazy Linear and Conv2d, which then match PyTorch', () => {
    for (const [file, name] of [
      [linearJson, 'Linear 5->3'],
      [linearJson, 'Linear 5->3 bias=False'],
      [conv2dJson, 'Conv2d groups 2, bias=False'],
      [conv2dJson, 'Conv2d padding_mode reflect'],
    ] as const) {
      const c = findCase(file, name);
      const args = c.args as number[];
      const layer =
        c.layer === 'Linear'
          ? new LazyLinear(args[1]!, { ...(c.options as LayerOptions), dtype: 'float64' })
          : new LazyConv2d(args[1]!, args[2]!, { ...(c.options as Conv2dLayerOptions), dtype: 'float64' });
      expect(layer.loadStateDict(goldenStateDict(c.stateDict!, 'float64'))).toEqual({
        missingKeys: [],
        unexpectedKeys: [],
      });
      expect(String(layer)).toBe(c.repr);
      const { output, grads } = runPass(layer as Linear | Conv2d, c as GoldenPass, 'float64');
      expectClose(output, c.output!.shape, c.output!.data, GOLDEN_FLOAT64, `${name} output`);
      for (const [key, g] of Object.entries(c.grads!))
        expectClose(grads[key]!, g.shape, g.data, GOLDEN_FLOAT64, `${name} grad ${key}`);
    }
  });

  it('loadStateDict materialises a LazyBatchNorm2d, which then trains as PyTorch', () => {
    const c = findCase(batchNormJson, 'BatchNorm2d default');
    const bn = new LazyBatchNorm2d({ dtype: 'float64' });
    bn.loadStateDict(goldenStateDict(c.stateDict!, 'float64'));
    expect(bn).toBeInstanceOf(BatchNorm2d);
    expect(String(bn)).toBe(c.repr);
    const step = c.steps![0]!;
    const { output } = runPass(bn, step, 'float64');
    expectClose(output, step.output.shape, step.output.data, GOLDEN_FLOAT64, 'step 0 output');
    expectClose(
      bn.runningVar!,
      step.buffers.running_var!.shape,
      step.buffers.running_var!.data,
      GOLDEN_FLOAT64,
      'running_var',
    );
  });

  it('loadStateDict casts into the dtype the lazy layer was asked for', () => {
    const fc = new LazyLinear(2);
    fc.loadStateDict({ weight: zeros([2, 3], { dtype: 'float64' }), bias: zeros([2], { dtype: 'float64' }) });
    expect(fc.weight!.dtype).toBe('float32');
    expect(fc.weight!.requiresGrad).toBe(true);
  });

  it('a strict load still reports what is missing before materialising anything', () => {
    const fc = new LazyLinear(2);
    expect(() => fc.loadStateDict({ weight: zeros([2, 3]) })).toThrow('missing keys: bias');
    expect(fc.weight).toBeNull();
    expect(String(fc)).toBe('LazyLinear(in_features=0, out_features=2, bias=True)');
  });

  it('validate their arguments at once and the input at the first forward', () => {
    expect(() => new LazyLinear(0)).toThrow(
      new ArgumentError('LazyLinear: expected outFeatures to be a positive integer, got 0.'),
    );
    expect(() => new LazyConv2d(6, 3, { groups: 4 })).toThrow(
      'LazyConv2d: expected outChannels divisible by groups, got outChannels 6 and groups 4',
    );
    expect(() => new LazyConv2d(4, 3, { groups: 2 }).forward(zeros([1, 3, 5, 5]))).toThrow(
      'LazyConv2d: expected inChannels divisible by groups, got inChannels 3 and groups 2',
    );
    expect(() => new LazyConv2d(4, 3).forward(zeros([5, 5]))).toThrow(
      new ShapeError('LazyConv2d: expected input of rank 4 or 3 (N, C, H, W) or (C, H, W), got shape [5, 5].'),
    );
    expect(() => new LazyBatchNorm2d().forward(zeros([2, 3]))).toThrow(
      new ShapeError('LazyBatchNorm2d: expected input of rank 4 (N, C, H, W), got shape [2, 3].'),
    );
    expect(() => new LazyBatchNorm2d({ momentum: -1 })).toThrow('LazyBatchNorm2d: expected momentum in [0, 1]');
  });
});
