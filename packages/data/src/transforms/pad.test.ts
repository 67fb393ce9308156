import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { HostTensor, RawImage } from '../types.js';
import { cropPadCases, cropPadFile } from './__fixtures__/crop-pad-cases.js';
import { expectImage, toImage } from './__fixtures__/golden.js';
import { Pad } from './pad.js';
import type { PaddingMode } from './padding-mode.js';

// Padding copies values: bit-exact.
const EXACT = 0;

const row = (...values: number[]): HostTensor => ({
  kind: 'host',
  data: Float32Array.from(values),
  shape: [1, 1, values.length],
});

describe('Pad', () => {
  it.each(cropPadCases('Pad'))('matches torchvision: %s', (_name, c) => {
    const pad = new Pad(c.padding!, { fill: c.fill!, paddingMode: c.paddingMode! });
    expectImage(pad.apply(toImage(cropPadFile.images[c.input]!)), c.output, EXACT, c.name);
  });

  it.each([
    ['constant', [0, 0, 1, 2, 3, 0, 0]],
    ['edge', [1, 1, 1, 2, 3, 3, 3]],
    ['reflect', [3, 2, 1, 2, 3, 2, 1]],
    ['symmetric', [2, 1, 1, 2, 3, 3, 2]],
  ] as const)('pads a row in %s mode', (mode, expected) => {
    expect(Array.from(new Pad([2, 0], { paddingMode: mode as PaddingMode }).apply(row(1, 2, 3)).data)).toEqual(
      expected,
    );
  });

  it('fills each channel with its own value', () => {
    const rgb: RawImage = { kind: 'raw', data: Uint8Array.of(1, 2, 3), height: 1, width: 1, channels: 3 };
    expect(Array.from(new Pad([1, 0, 0, 0], { fill: [7, 8, 9] }).apply(rgb).data)).toEqual([7, 8, 9, 1, 2, 3]);
  });

  it('validates padding, fill and mode', () => {
    expect(() => new Pad([1, 2, 3] as unknown as number)).toThrow(
      new ArgumentError(
        'Pad: expected padding as a non-negative integer, a pair [leftRight, topBottom] or four values [left, top, right, bottom] of them, got [1,2,3].',
      ),
    );
    expect(() => new Pad(-1)).toThrow('Pad: expected padding as a non-negative integer');
    expect(() => new Pad(1, { fill: Number.NaN })).toThrow(
      'Pad: expected fill as a finite number or a non-empty array of them (one per channel), got NaN.',
    );
    expect(() => new Pad(1, { paddingMode: 'wrap' as PaddingMode })).toThrow(
      new ArgumentError("Pad: expected paddingMode 'constant', 'edge', 'reflect' or 'symmetric', got 'wrap'."),
    );
  });

  it('checks the fill and the padding against the image', () => {
    const raw: RawImage = { kind: 'raw', data: new Uint8Array(12), height: 2, width: 2, channels: 3 };
    expect(() => new Pad(1, { fill: 0.5 }).apply(raw)).toThrow(
      new ArgumentError(
        'Pad: expected fill values that are integers in [0, 255] for a RawImage, got 0.5; use 0..255, or apply ToTensor first and fill in [0, 1].',
      ),
    );
    expect(() => new Pad(1, { fill: [1, 2] }).apply(raw)).toThrow(
      'Pad: expected fill with 1 or 3 values (one per channel), got 2 values for a RawImage 2x2x3.',
    );
    expect(() => new Pad(3, { paddingMode: 'reflect' }).apply(row(1, 2, 3))).toThrow(
      new ArgumentError(
        "Pad: expected reflect padding smaller than the image size on each side (height 1, width 3), got [left 3, top 3, right 3, bottom 3] for a HostTensor [1, 1, 3]; use less padding or paddingMode 'edge' or 'constant'.",
      ),
    );
    expect(() => new Pad([3, 0], { paddingMode: 'symmetric' }).apply(row(1, 2, 3))).not.toThrow();
    expect(() => new Pad([4, 0], { paddingMode: 'symmetric' }).apply(row(1, 2, 3))).toThrow(
      'Pad: expected symmetric padding at most the image size',
    );
  });
});
