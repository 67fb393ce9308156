import { ArgumentError, ShapeError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { sampleRandom } from '../sample-random.js';
import type { HostTensor, RawImage } from '../types.js';
import { cropPadCases, cropPadFile } from './__fixtures__/crop-pad-cases.js';
import { expectImage, scriptedRandom, toImage } from './__fixtures__/golden.js';
import { imageDims } from './image-dims.js';
import { RandomCrop } from './random-crop.js';

// Cropping and padding copy values: bit-exact.
const EXACT = 0;

const ramp = (height: number, width: number): HostTensor => ({
  kind: 'host',
  data: Float32Array.from({ length: height * width }, (_, i) => i),
  shape: [1, height, width],
});

describe('RandomCrop', () => {
  it.each(cropPadCases('RandomCrop'))('matches torchvision at a chosen window: %s', (_name, c) => {
    const crop = new RandomCrop(c.size!, {
      padding: c.padding ?? null,
      padIfNeeded: c.padIfNeeded!,
      fill: c.fill!,
      paddingMode: c.paddingMode!,
    });
    const input = toImage(cropPadFile.images[c.input]!);
    // Reproduce torchvision's padded size to script draws that land on (top, left).
    const padded = crop.apply(input, scriptedRandom(0, 0));
    expect(imageDims(padded).height).toBe(c.output.kind === 'host' ? c.output.shape[1] : c.output.shape[0]);
    const { height, width } = imageDims(input);
    const [cropHeight, cropWidth] = typeof c.size === 'number' ? [c.size, c.size] : c.size!;
    const ltrb =
      c.padding == null
        ? [0, 0, 0, 0]
        : typeof c.padding === 'number'
          ? [c.padding, c.padding, c.padding, c.padding]
          : c.padding.length === 2
            ? [c.padding[0], c.padding[1], c.padding[0], c.padding[1]]
            : c.padding;
    let paddedWidth = width + ltrb[0]! + ltrb[2]!;
    let paddedHeight = height + ltrb[1]! + ltrb[3]!;
    if (c.padIfNeeded && paddedWidth < cropWidth) paddedWidth += 2 * (cropWidth - paddedWidth);
    if (c.padIfNeeded && paddedHeight < cropHeight) paddedHeight += 2 * (cropHeight - paddedHeight);
    const rows = paddedHeight - cropHeight + 1;
    const cols = paddedWidth - cropWidth + 1;
    const random = scriptedRandom((c.top! + 0.5) / rows, (c.left! + 0.5) / cols);
    expectImage(crop.apply(input, random), c.output, EXACT, c.name);
    expect(random.draws).toBe(2);
  });

  it('draws top then left as floor(next() * range)', () => {
    const out = new RandomCrop([2, 3]).apply(ramp(5, 6), scriptedRandom(0.99, 0.25)) as HostTensor;
    // top = floor(0.99 * 4) = 3, left = floor(0.25 * 4) = 1
    expect(Array.from(out.data)).toEqual([19, 20, 21, 25, 26, 27]);
  });

  it('draws twice even when the window fits exactly', () => {
    const random = scriptedRandom(0.5, 0.5);
    expect(new RandomCrop([5, 6]).apply(ramp(5, 6), random).data).toEqual(ramp(5, 6).data);
    expect(random.draws).toBe(2);
  });

  it('is deterministic for a given sample generator', () => {
    const crop = new RandomCrop(24, { padding: 2 });
    const raw: RawImage = {
      kind: 'raw',
      data: Uint8Array.from({ length: 28 * 28 }, (_, i) => i % 251),
      height: 28,
      width: 28,
      channels: 1,
    };
    const a = crop.apply(raw, sampleRandom(7, 1, 3));
    expect(crop.apply(raw, sampleRandom(7, 1, 3)).data).toEqual(a.data);
    const others = [0, 1, 2, 4, 5].map((i) => crop.apply(raw, sampleRandom(7, 1, i)).data);
    expect(others.some((o) => o.some((v, i) => v !== a.data[i]))).toBe(true);
  });

  it('needs an image at least as large as the crop unless padIfNeeded', () => {
    expect(() => new RandomCrop(8).apply(ramp(5, 6), scriptedRandom(0, 0))).toThrow(
      new ShapeError(
        'RandomCrop: expected an image at least as large as the crop [8, 8], got a HostTensor [1, 5, 6]; pass padIfNeeded: true or a smaller size.',
      ),
    );
    expect(imageDims(new RandomCrop(8, { padIfNeeded: true }).apply(ramp(5, 6), scriptedRandom(0, 0))).height).toBe(8);
  });

  it('validates its options', () => {
    expect(() => new RandomCrop(0)).toThrow(
      new ArgumentError('RandomCrop: expected size as a positive integer or a pair [h, w] of them, got 0.'),
    );
    expect(() => new RandomCrop(8, { padIfNeeded: 'yes' as unknown as boolean })).toThrow(
      "RandomCrop: expected padIfNeeded as a boolean, got 'yes'.",
    );
  });
});
