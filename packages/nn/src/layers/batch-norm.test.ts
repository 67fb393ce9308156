import '@strata/backend-cpu';
import { ArgumentError, ones, randn, ShapeError, tensor, zeros } from '@strata/core';
import { expectClose } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import batchNormJson from '../__fixtures__/batch-norm.json' with { type: 'json' };
import { GOLDEN_DTYPES, type GoldenCase, type GoldenFile, goldenStateDict, runPass } from '../__fixtures__/golden.js';
import type { BatchNormLayerOptions } from './batch-norm-base.js';
import { BatchNorm1d } from './batch-norm1d.js';
import { BatchNorm2d } from './batch-norm2d.js';

const fixtures = batchNormJson as unknown as GoldenFile;

function build(c: GoldenCase, options: BatchNormLayerOptions): BatchNorm1d | BatchNorm2d {
  const [numFeatures] = c.args as [number];
  return c.layer === 'BatchNorm1d' ? new BatchNorm1d(numFeatures, options) : new BatchNorm2d(numFeatures, options);
}

describe.each(GOLDEN_DTYPES)('BatchNorm against PyTorch (%s)', (dtype, tolerance) => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s: training steps, then eval', (_name, c) => {
    const bn = build(c, { ...(c.options as BatchNormLayerOptions), dtype });
    expect(String(bn)).toBe(c.repr);
    expect(Object.keys(bn.stateDict())).toEqual(Object.keys(c.stateDict!));
    bn.loadStateDict(goldenStateDict(c.stateDict!, dtype));
    bn.train();
    c.steps!.forEach((step, i) => {
      const { output, grads } = runPass(bn, step, dtype);
      expectClose(output, step.output.shape, step.output.data, tolerance, `step ${i} output`);
      expect(Object.keys(grads)).toEqual(Object.keys(step.grads));
      for (const [key, g] of Object.entries(step.grads))
        expectClose(grads[key]!, g.shape, g.data, tolerance, `step ${i} grad ${key}`);
      const buffers = Object.fromEntries(bn.namedBuffers());
      expect(Object.keys(buffers)).toEqual(Object.keys(step.buffers));
      for (const [key, b] of Object.entries(step.buffers))
        expectClose(buffers[key]!, b.shape, b.data, tolerance, `step ${i} ${key}`);
    });
    bn.eval();
    const pass = c.eval!;
    const { output, grads } = runPass(bn, pass, dtype);
    expectClose(output, pass.output.shape, pass.output.data, tolerance, 'eval output');
    for (const [key, g] of Object.entries(pass.grads))
      expectClose(grads[key]!, g.shape, g.data, tolerance, `eval grad ${key}`);
    expect(bn.numBatchesTracked?.item() ?? null).toBe(c.options.trackRunningStats === false ? null : c.steps!.length);
  });
});

describe('BatchNorm', () => {
  it("holds PyTorch's parameters and buffers, in PyTorch's state-dict order", () => {
    const bn = new BatchNorm2d(3);
    expect(Object.keys(bn.stateDict())).toEqual([
      'weight',
      'bias',
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(bn.namedParameters().map(([n]) => n)).toEqual(['weight', 'bias']);
    expect(bn.weight!.toArray()).toEqual([1, 1, 1]);
    expect(bn.bias!.toArray()).toEqual([0, 0, 0]);
    expect(bn.runningMean!.toArray()).toEqual([0, 0, 0]);
    expect(bn.runningVar!.toArray()).toEqual([1, 1, 1]);
    expect(bn.numBatchesTracked!.dtype).toBe('int32');
    expect(bn.numBatchesTracked!.shape).toEqual([]);
    expect(Object.keys(new BatchNorm1d(3, { affine: false }).stateDict())).toEqual([
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(Object.keys(new BatchNorm1d(3, { bias: false }).stateDict())).toEqual([
      'weight',
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(Object.keys(new BatchNorm2d(3, { trackRunningStats: false }).stateDict())).toEqual(['weight', 'bias']);
    expect(new BatchNorm2d(3, { trackRunningStats: false }).buffers()).toEqual([]);
  });

  it('updates the running statistics only in training mode, and uses them in eval mode', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64' });
    const x = tensor(
      [
        [1, 10],
        [3, 30],
      ],
      { dtype: 'float64' },
    );
    bn.forward(x);
    expectClose(bn.runningMean!, [2], [0.2, 2], { atol: 1e-12, rtol: 0 });
    expectClose(bn.runningVar!, [2], [0.9 + 0.1 * 2, 0.9 + 0.1 * 200], { atol: 1e-12, rtol: 0 });
    bn.eval();
    const before = bn.runningMean!.toArray();
    const y = bn.forward(x);
    expect(bn.runningMean!.toArray()).toEqual(before);
    expect(bn.numBatchesTracked!.item()).toBe(1);
    expectClose(
      y,
      [2, 2],
      [
        (1 - 0.2) / Math.sqrt(1.1 + 1e-5),
        (10 - 2) / Math.sqrt(20.9 + 1e-5),
        (3 - 0.2) / Math.sqrt(1.1 + 1e-5),
        (30 - 2) / Math.sqrt(20.9 + 1e-5),
      ],
      {
        atol: 1e-12,
        rtol: 1e-12,
      },
    );
  });

  it('with momentum null keeps the cumulative average of the batch statistics', () => {
    const bn = new BatchNorm1d(1, { momentum: null, dtype: 'float64' });
    for (const batch of [
      [0, 2],
      [4, 6],
      [8, 10],
    ])
      bn.forward(
        tensor(
          batch.map((v) => [v]),
          { dtype: 'float64' },
        ),
      );
    expectClose(bn.runningMean!, [1], [(1 + 5 + 9) / 3], { atol: 1e-12, rtol: 0 });
    expectClose(bn.runningVar!, [1], [2], { atol: 1e-12, rtol: 0 });
    expect(bn.numBatchesTracked!.item()).toBe(3);
  });

  it('without trackRunningStats normalises with the batch statistics in eval mode too', () => {
    const bn = new BatchNorm2d(2, { trackRunningStats: false, dtype: 'float64' }).eval();
    const y = bn.forward(randn([4, 2, 3, 3], { dtype: 'float64' }));
    expectClose(y.mean([0, 2, 3]), [2], [0, 0], { atol: 1e-12, rtol: 0 });
  });

  it('resetParameters restores the initial state', () => {
    const bn = new BatchNorm2d(2);
    bn.forward(randn([2, 2, 2, 2]));
    bn.loadStateDict({ ...bn.stateDict(), weight: tensor([3, 4]), bias: tensor([1, 1]) });
    bn.resetParameters();
    expect(bn.weight!.toArray()).toEqual([1, 1]);
    expect(bn.bias!.toArray()).toEqual([0, 0]);
    expect(bn.runningMean!.toArray()).toEqual([0, 0]);
    expect(bn.runningVar!.toArray()).toEqual([1, 1]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  it('checks the input rank and channels, and its arguments', () => {
    expect(() => new BatchNorm2d(3).forward(zeros([3, 4, 4]))).toThrow(
      new ShapeError('BatchNorm2d: expected input of rank 4 (N, C, H, W), got shape [3, 4, 4].'),
    );
    expect(() => new BatchNorm1d(3).forward(zeros([2, 3, 4, 4]))).toThrow(
      new ShapeError('BatchNorm1d: expected input of rank 2 or 3 (N, C) or (N, C, L), got shape [2, 3, 4, 4].'),
    );
    expect(() => new BatchNorm1d(3).forward(ones([2, 4]))).toThrow(
      new ShapeError('BatchNorm1d: expected input with 3 channels (dimension 1), got 4 in shape [2, 4].'),
    );
    expect(() => new BatchNorm2d(0)).toThrow(
      new ArgumentError('BatchNorm2d: expected numFeatures to be a positive integer, got 0.'),
    );
    expect(() => new BatchNorm2d(2, { momentum: 2 })).toThrow(
      'BatchNorm2d: expected momentum in [0, 1] or null (cumulative average), got 2.',
    );
    expect(() => new BatchNorm1d(2, { eps: -1 })).toThrow(
      'BatchNorm1d: expected eps to be a non-negative number, got -1.',
    );
    expect(() => new BatchNorm1d(2).forward(ones([1, 2]))).toThrow(
      'batchNorm: expected more than 1 value per channel when training',
    );
  });
});
