import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { HostTensor, RawImage } from '../types.js';
import { expectImage, type GoldenFile, type GoldenImage, type GoldenSampled, toImage } from './__fixtures__/golden.js';
import floatJson from './__fixtures__/resize-float.json' with { type: 'json' };
import uint8Json from './__fixtures__/resize-uint8.json' with { type: 'json' };
import type { InterpolationMode } from './interpolation-mode.js';
import { Resize } from './resize.js';
import { linearWeightsUint8, nearestIndices } from './resize-weights.js';

// torchvision computes float resizes in float32; our tables are float64, so values agree to
// float32 rounding, far inside this.
const FLOAT_TOLERANCE = 1e-5;
// The uint8 path is PyTorch's fixed-point kernel, reproduced bit for bit.
const UINT8_TOLERANCE = 0;

interface ResizeCase {
  name: string;
  input: string;
  size: number | [number, number];
  interpolation: InterpolationMode;
  antialias: boolean;
  output: GoldenImage | GoldenSampled;
}
interface SizesCase {
  name: string;
  shapes: { height: number; width: number; size: number; output: [number, number] }[];
}

const floatFile = floatJson as unknown as GoldenFile<ResizeCase | SizesCase>;
const uint8File = uint8Json as unknown as GoldenFile<ResizeCase>;
const resizeCases = (file: GoldenFile<ResizeCase | SizesCase>) =>
  file.cases.filter((c): c is ResizeCase => 'input' in c).map((c) => [c.name, c, file] as const);

describe('Resize against torchvision', () => {
  it.each(resizeCases(floatFile))('float %s', (_name, c, file) => {
    const resize = new Resize(c.size, { interpolation: c.interpolation, antialias: c.antialias });
    expectImage(resize.apply(toImage(file.images[c.input]!)), c.output, FLOAT_TOLERANCE, c.name);
  });

  it.each(resizeCases(uint8File))('uint8 %s', (_name, c, file) => {
    const resize = new Resize(c.size, { interpolation: c.interpolation, antialias: c.antialias });
    expectImage(resize.apply(toImage(file.images[c.input]!)), c.output, UINT8_TOLERANCE, c.name);
  });

  it('matches the smaller edge and keeps the aspect ratio with int(size * long / short)', () => {
    const sizes = floatFile.cases.find((c): c is SizesCase => 'shapes' in c)!;
    for (const s of sizes.shapes)
      expect(new Resize(s.size).outputSize(s.height, s.width), JSON.stringify(s)).toEqual(s.output);
  });
});

describe('Resize', () => {
  const raw: RawImage = {
    kind: 'raw',
    data: Uint8Array.from({ length: 28 * 28 }, (_, i) => (i * 37) % 256),
    height: 28,
    width: 28,
    channels: 1,
  };

  it('keeps the kind: RawImage in, RawImage out; HostTensor in, HostTensor out', () => {
    const up = new Resize(224).apply(raw);
    expect(up.kind).toBe('raw');
    expect([up.height, up.width, up.channels, up.data.length]).toEqual([224, 224, 1, 224 * 224]);
    const t: HostTensor = { kind: 'host', data: new Float32Array(3 * 4 * 6).fill(0.5), shape: [3, 4, 6] };
    const down = new Resize([2, 3]).apply(t);
    expect(down.shape).toEqual([3, 2, 3]);
    expect(Array.from(down.data).every((v) => Math.abs(v - 0.5) < 1e-7)).toBe(true);
  });

  it('returns an image already of the output size as is', () => {
    expect(new Resize(28).apply(raw)).toBe(raw);
  });

  it('gives the same result on reuse (its weight tables are cached per size)', () => {
    const resize = new Resize(96);
    const first = resize.apply(raw);
    expect(resize.apply(raw).data).toEqual(first.data);
  });

  it('uses PyTorch nearest indices floor(dst * in / out), not nearest-exact', () => {
    expect(Array.from(nearestIndices(4, 8))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(Array.from(nearestIndices(28, 10))).toEqual([0, 2, 5, 8, 11, 14, 16, 19, 22, 25]);
  });

  it('normalises the antialiased fixed-point weights to about 2 ** precision', () => {
    const w = linearWeightsUint8(28, 10, true);
    for (let i = 0; i < 10; i++) {
      let sum = 0;
      for (let k = 0; k < w.sizes[i]!; k++) sum += w.weights[i * w.taps + k]!;
      expect(Math.abs(sum - 2 ** w.precision)).toBeLessThanOrEqual(w.taps);
    }
  });

  it('validates its options', () => {
    expect(() => new Resize(0)).toThrow(
      new ArgumentError('Resize: expected size as a positive integer or a pair [h, w] of them, got 0.'),
    );
    expect(() => new Resize([224, 2.5] as [number, number])).toThrow(
      'Resize: expected size as a positive integer or a pair [h, w] of them, got [224,2.5].',
    );
    expect(() => new Resize(224, { interpolation: 'bicubic' as InterpolationMode })).toThrow(
      new ArgumentError("Resize: expected interpolation 'bilinear' or 'nearest', got 'bicubic'."),
    );
    expect(() => new Resize(224, { antialias: 1 as unknown as boolean })).toThrow(
      'Resize: expected antialias as a boolean, got 1.',
    );
  });

  it('rejects malformed images', () => {
    expect(() =>
      new Resize(2).apply({ kind: 'raw', data: new Uint8Array(3), height: 2, width: 2, channels: 1 }),
    ).toThrow(
      'Resize: expected a RawImage with a Uint8Array of height * width * channels bytes and positive dimensions, got a RawImage 2x2x1 with 3 bytes.',
    );
    expect(() => new Resize(2).apply([1, 2] as unknown as RawImage)).toThrow(
      new ArgumentError('Resize: expected a RawImage or a HostTensor, got an array.'),
    );
  });
});
