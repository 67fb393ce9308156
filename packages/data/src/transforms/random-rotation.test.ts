import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { sampleRandom } from '../sample-random.js';
import type { HostTensor, RawImage } from '../types.js';
import { expectImage, type GoldenFile, type GoldenImage, scriptedRandom, toImage } from './__fixtures__/golden.js';
import rotateJson from './__fixtures__/rotate.json' with { type: 'json' };
import type { InterpolationMode } from './interpolation-mode.js';
import { RandomRotation } from './random-rotation.js';
import { expandedSize, inverseRotationMatrix } from './rotate-image.js';

// Nearest sampling copies pixels chosen from a float32 grid built as torchvision builds it:
// bit-exact. Bilinear blends in float32, but PyTorch's SIMD kernel rounds its sums differently
// (a few float32 ulps, up to ~3e-7 here).
const NEAREST_TOLERANCE = 0;
const BILINEAR_FLOAT_TOLERANCE = 1e-5;
// Rounded back to integers, the uint8 fixtures agree exactly (a blend within a few ulps of
// x.5 could in principle round the other way).
const BILINEAR_UINT8_TOLERANCE = 0;

interface RotateCase {
  name: string;
  input: string;
  angle: number;
  interpolation: InterpolationMode;
  expand: boolean;
  center: [number, number] | null;
  fill: number;
  output: GoldenImage;
}
const file = rotateJson as unknown as GoldenFile<RotateCase>;

const tolerance = (c: RotateCase) =>
  c.interpolation === 'nearest'
    ? NEAREST_TOLERANCE
    : c.output.kind === 'host'
      ? BILINEAR_FLOAT_TOLERANCE
      : BILINEAR_UINT8_TOLERANCE;

describe('RandomRotation', () => {
  it.each(file.cases.map((c) => [c.name, c] as const))('matches torchvision F.rotate: %s', (_name, c) => {
    const rotation = new RandomRotation([c.angle, c.angle], {
      interpolation: c.interpolation,
      expand: c.expand,
      center: c.center,
      fill: c.fill,
    });
    const random = scriptedRandom(0.5);
    expectImage(rotation.apply(toImage(file.images[c.input]!), random), c.output, tolerance(c), c.name);
    expect(random.draws).toBe(1);
  });

  it('turns counter-clockwise', () => {
    // 2x2 image [[1, 2], [3, 4]] turned a quarter counter-clockwise is [[2, 4], [1, 3]].
    const t: HostTensor = { kind: 'host', data: Float32Array.of(1, 2, 3, 4), shape: [1, 2, 2] };
    expect(Array.from(new RandomRotation([90, 90]).apply(t, scriptedRandom(0)).data)).toEqual([2, 4, 1, 3]);
  });

  it('draws the angle as min + next() * (max - min)', () => {
    const t: HostTensor = { kind: 'host', data: Float32Array.of(1, 2, 3, 4), shape: [1, 2, 2] };
    // [0, 360] at 0.5 is a half turn.
    expect(Array.from(new RandomRotation([0, 360]).apply(t, scriptedRandom(0.5)).data)).toEqual([4, 3, 2, 1]);
  });

  it('is deterministic for a given sample generator', () => {
    const rotation = new RandomRotation(30, { interpolation: 'bilinear' });
    const raw: RawImage = {
      kind: 'raw',
      data: Uint8Array.from({ length: 28 * 28 }, (_, i) => (i * 13) % 256),
      height: 28,
      width: 28,
      channels: 1,
    };
    const a = rotation.apply(raw, sampleRandom(1, 0, 5));
    expect(rotation.apply(raw, sampleRandom(1, 0, 5)).data).toEqual(a.data);
    expect(rotation.apply(raw, sampleRandom(1, 0, 6)).data).not.toEqual(a.data);
  });

  it('computes the expanded size as torchvision does', () => {
    expect(expandedSize(inverseRotationMatrix(90, 0, 0), 6, 4)).toEqual([4, 6]);
    expect(expandedSize(inverseRotationMatrix(45, 0, 0), 10, 10)).toEqual([16, 16]);
    expect(expandedSize(inverseRotationMatrix(0, 0, 0), 7, 3)).toEqual([7, 3]);
  });

  it('validates its options', () => {
    expect(() => new RandomRotation(-5)).toThrow(
      new ArgumentError(
        'RandomRotation: expected degrees as a non-negative number d (for the range [-d, d]) or a range [min, max] with min <= max, got -5.',
      ),
    );
    expect(() => new RandomRotation([10, -10])).toThrow('RandomRotation: expected degrees as a non-negative number d');
    expect(() => new RandomRotation(5, { center: [1] as unknown as [number, number] })).toThrow(
      'RandomRotation: expected center as a pair [x, y] of finite numbers or null, got [1].',
    );
    expect(() => new RandomRotation(5, { interpolation: 'bicubic' as InterpolationMode })).toThrow(
      "RandomRotation: expected interpolation 'bilinear' or 'nearest', got 'bicubic'.",
    );
  });

  it('needs an integer fill in [0, 255] for a RawImage', () => {
    const raw: RawImage = { kind: 'raw', data: new Uint8Array(4), height: 2, width: 2, channels: 1 };
    expect(() => new RandomRotation(5, { fill: 0.5 }).apply(raw, scriptedRandom(0))).toThrow(
      'RandomRotation: expected fill values that are integers in [0, 255] for a RawImage, got 0.5',
    );
  });
});
