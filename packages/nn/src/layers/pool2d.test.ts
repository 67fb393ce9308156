import '@strata/backend-cpu';
import { type AdaptiveOutputSize, ArgumentError, ShapeError, zeros } from '@strata/core';
import { expectClose } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DTYPES, type GoldenCase, type GoldenFile, type GoldenPass, runPass } from '../__fixtures__/golden.js';
import poolingJson from '../__fixtures__/pooling.json' with { type: 'json' };
import { AdaptiveAvgPool2d } from './adaptive-avg-pool2d.js';
import { AdaptiveMaxPool2d } from './adaptive-max-pool2d.js';
import { AvgPool2d } from './avg-pool2d.js';
import { MaxPool2d } from './max-pool2d.js';

const fixtures = poolingJson as unknown as GoldenFile;

function build(c: GoldenCase): MaxPool2d | AvgPool2d | AdaptiveAvgPool2d | AdaptiveMaxPool2d {
  const [first] = c.args as [number | [number, number]];
  switch (c.layer) {
    case 'MaxPool2d':
      return new MaxPool2d(first, c.options);
    case 'AvgPool2d':
      return new AvgPool2d(first, c.options);
    case 'AdaptiveAvgPool2d':
      return new AdaptiveAvgPool2d(first as AdaptiveOutputSize);
    case 'AdaptiveMaxPool2d':
      return new AdaptiveMaxPool2d(first as AdaptiveOutputSize);
    default:
      throw new Error(`no pooling layer ${c.layer}`);
  }
}

describe.each(GOLDEN_DTYPES)('pooling layers against PyTorch (%s)', (dtype, tolerance) => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const pool = build(c);
    expect(String(pool)).toBe(c.repr);
    expect(pool.parameters()).toEqual([]);
    const { output, grads } = runPass(pool, c as GoldenPass, dtype);
    expectClose(output, c.output!.shape, c.output!.data, tolerance, `${c.name} output`);
    expectClose(grads.input!, c.grads!.input!.shape, c.grads!.input!.data, tolerance, `${c.name} grad input`);
  });
});

describe('pooling layers', () => {
  it('default the stride to the kernel size, keeping the form it was given in', () => {
    expect(new MaxPool2d([3, 2]).stride).toEqual([3, 2]);
    expect(new AvgPool2d(2, { stride: null }).stride).toBe(2);
  });

  it('validate their windows in the constructor', () => {
    expect(() => new MaxPool2d(0)).toThrow(
      new ArgumentError('MaxPool2d: expected kernelSize as a positive integer or a pair [h, w] of them, got 0.'),
    );
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow(
      'MaxPool2d: expected padding at most half of the (dilated) kernel size, got padding 2 for kernelSize 2; use a smaller padding.',
    );
    expect(() => new MaxPool2d(2, { padding: 2, dilation: 3 })).not.toThrow();
    expect(() => new AvgPool2d(3, { stride: [1, 0] })).toThrow(
      'AvgPool2d: expected stride as a positive integer or a pair [h, w] of them, got [1,0].',
    );
    expect(() => new AvgPool2d(3, { divisorOverride: 0 })).toThrow(
      'AvgPool2d: expected a nonzero divisorOverride, got 0.',
    );
    expect(() => new AdaptiveAvgPool2d(0)).toThrow(
      new ArgumentError(
        'AdaptiveAvgPool2d: expected outputSize as a positive integer or a pair [h, w] of them (null keeps that input size), got 0.',
      ),
    );
    expect(() => new AdaptiveMaxPool2d([2, 1.5])).toThrow(
      'AdaptiveMaxPool2d: expected outputSize as a positive integer',
    );
  });

  it('name themselves when the input has the wrong rank', () => {
    expect(() => new MaxPool2d(2).forward(zeros([4, 4]))).toThrow(
      new ShapeError('MaxPool2d: expected input of rank 4 or 3 (N, C, H, W) or (C, H, W), got shape [4, 4].'),
    );
    expect(() => new AdaptiveAvgPool2d(1).forward(zeros([2, 1, 1, 4, 4]))).toThrow(
      'AdaptiveAvgPool2d: expected input of rank 4 or 3',
    );
  });
});
