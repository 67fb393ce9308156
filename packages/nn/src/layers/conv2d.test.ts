import '@strata/backend-cpu';
import { ArgumentError, ShapeError, zeros } from '@strata/core';
import { expectClose } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import conv2dJson from '../__fixtures__/conv2d.json' with { type: 'json' };
import { GOLDEN_DTYPES, type GoldenFile, type GoldenPass, goldenStateDict, runPass } from '../__fixtures__/golden.js';
import { Conv2d, type Conv2dLayerOptions } from './conv2d.js';

const fixtures = conv2dJson as unknown as GoldenFile;

describe.each(GOLDEN_DTYPES)('Conv2d against PyTorch (%s)', (dtype, tolerance) => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [inChannels, outChannels, kernelSize] = c.args as [number, number, number | [number, number]];
    const conv = new Conv2d(inChannels, outChannels, kernelSize, { ...(c.options as Conv2dLayerOptions), dtype });
    expect(String(conv)).toBe(c.repr);
    expect(Object.keys(conv.stateDict())).toEqual(Object.keys(c.stateDict!));
    conv.loadStateDict(goldenStateDict(c.stateDict!, dtype));
    const { output, grads } = runPass(conv, c as GoldenPass, dtype);
    expectClose(output, c.output!.shape, c.output!.data, tolerance, `${c.name} output`);
    expect(Object.keys(grads)).toEqual(Object.keys(c.grads!));
    for (const [key, g] of Object.entries(c.grads!))
      expectClose(grads[key]!, g.shape, g.data, tolerance, `${c.name} grad ${key}`);
  });
});

describe('Conv2d', () => {
  it('creates a [out, in / groups, kh, kw] weight with PyTorch default init bounds', () => {
    const conv = new Conv2d(4, 6, [3, 2], { groups: 2 });
    expect(conv.weight.shape).toEqual([6, 2, 3, 2]);
    expect(conv.bias!.shape).toEqual([6]);
    expect(conv.weight.dtype).toBe('float32');
    const bound = 1 / Math.sqrt(2 * 3 * 2);
    for (const v of conv.weight.dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    for (const v of conv.bias!.dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    expect(new Conv2d(1, 2, 3, { bias: false }).bias).toBeNull();
    expect(new Conv2d(1, 2, 3, { bias: false }).parameters()).toHaveLength(1);
  });

  it('validates its arguments in the constructor, as PyTorch', () => {
    expect(() => new Conv2d(3, 6, 3, { groups: 2 })).toThrow(
      new ArgumentError(
        'Conv2d: expected inChannels divisible by groups, got inChannels 3 and groups 2; make the channel counts multiples of groups.',
      ),
    );
    expect(() => new Conv2d(4, 6, 3, { groups: 4 })).toThrow(
      'Conv2d: expected outChannels divisible by groups, got outChannels 6 and groups 4',
    );
    expect(() => new Conv2d(4, 6, 3, { groups: 0 })).toThrow(
      'Conv2d: expected groups to be a positive integer, got 0.',
    );
    expect(() => new Conv2d(4, 6, 3, { stride: 2, padding: 'same' })).toThrow(
      "Conv2d: expected stride 1 with padding 'same', got stride (2, 2); pad explicitly for strided convolutions (e.g. padding: 1 for a 3x3 kernel).",
    );
    expect(() => new Conv2d(4, 6, 3, { padding: 'full' as 'same' })).toThrow(
      "Conv2d: expected padding as a number, a pair [h, w], 'same' or 'valid', got 'full'.",
    );
    expect(() => new Conv2d(4, 6, 3, { paddingMode: 'mirror' as 'reflect' })).toThrow(
      "Conv2d: expected paddingMode 'zeros', 'reflect', 'replicate' or 'circular', got 'mirror'.",
    );
    expect(() => new Conv2d(4, 6, 0)).toThrow(
      new ArgumentError('Conv2d: expected kernelSize as a positive integer or a pair [h, w] of them, got 0.'),
    );
    expect(() => new Conv2d(4, 6, [3, 3, 3] as unknown as [number, number])).toThrow(
      'Conv2d: expected kernelSize as a positive integer or a pair [h, w] of them, got [3,3,3].',
    );
    expect(() => new Conv2d(4, 6, 3, { padding: -1 })).toThrow(
      'Conv2d: expected padding as a non-negative integer or a pair [h, w] of them, got -1.',
    );
    expect(() => new Conv2d(4, 6, 3, { dilation: [1, 0] })).toThrow(
      'Conv2d: expected dilation as a positive integer or a pair [h, w] of them, got [1,0].',
    );
    expect(() => new Conv2d(0, 6, 3)).toThrow('Conv2d: expected inChannels to be a positive integer, got 0.');
    expect(() => new Conv2d(4, 2.5, 3)).toThrow('Conv2d: expected outChannels to be a positive integer, got 2.5.');
  });

  it('names itself when the input has the wrong rank or channel count', () => {
    const conv = new Conv2d(3, 6, 3);
    expect(() => conv.forward(zeros([8, 8]))).toThrow(
      new ShapeError('Conv2d: expected input of rank 4 or 3 (N, C, H, W) or (C, H, W), got shape [8, 8].'),
    );
    expect(() => conv.forward(zeros([1, 4, 8, 8]))).toThrow(
      new ShapeError('Conv2d: expected input with 3 channels (dimension 1), got 4 in shape [1, 4, 8, 8].'),
    );
    expect(conv.forward(zeros([3, 8, 8])).shape).toEqual([6, 6, 6]);
  });
});
