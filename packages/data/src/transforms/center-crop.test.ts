import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../types.js';
import { cropPadCases, cropPadFile } from './__fixtures__/crop-pad-cases.js';
import { expectImage, toImage } from './__fixtures__/golden.js';
import { CenterCrop } from './center-crop.js';

// Cropping and zero padding copy values: bit-exact.
const EXACT = 0;

describe('CenterCrop', () => {
  it.each(cropPadCases('CenterCrop'))('matches torchvision: %s', (_name, c) => {
    expectImage(new CenterCrop(c.size!).apply(toImage(cropPadFile.images[c.input]!)), c.output, EXACT, c.name);
  });

  it('splits an odd margin as Python round() does, ties to even', () => {
    const row = (width: number): HostTensor => ({
      kind: 'host',
      data: Float32Array.from({ length: width }, (_, i) => i),
      shape: [1, 1, width],
    });
    // margins 1, 3, 5: round(0.5) = 0, round(1.5) = 2, round(2.5) = 2.
    expect(Array.from(new CenterCrop([1, 1]).apply(row(2)).data)).toEqual([0]);
    expect(Array.from(new CenterCrop([1, 1]).apply(row(4)).data)).toEqual([2]);
    expect(Array.from(new CenterCrop([1, 1]).apply(row(6)).data)).toEqual([2]);
  });

  it('validates its size', () => {
    expect(() => new CenterCrop(-1)).toThrow(
      new ArgumentError('CenterCrop: expected size as a positive integer or a pair [h, w] of them, got -1.'),
    );
  });
});
