import { ArgumentError, ShapeError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { HostTensor, RawImage } from '../types.js';
import { expectImage, type GoldenFile, type GoldenImage, toImage } from './__fixtures__/golden.js';
import normalizeJson from './__fixtures__/normalize.json' with { type: 'json' };
import { Normalize } from './normalize.js';

// Subtract then divide in float32, as torchvision does: bit-exact.
const EXACT = 0;

interface NormalizeCase {
  name: string;
  input: string;
  mean: number[];
  std: number[];
  output: GoldenImage;
}
const file = normalizeJson as unknown as GoldenFile<NormalizeCase>;

describe('Normalize', () => {
  it.each(file.cases.map((c) => [c.name, c] as const))('matches torchvision: %s', (_name, c) => {
    const input = toImage(file.images[c.input]!) as HostTensor;
    const before = Float32Array.from(input.data);
    expectImage(new Normalize(c.mean, c.std).apply(input), c.output, EXACT, c.name);
    expect(input.data, 'the input is left untouched').toEqual(before);
  });

  it('broadcasts a single number to every channel', () => {
    const t: HostTensor = { kind: 'host', data: Float32Array.of(0, 1, 0.5, 0.25), shape: [2, 1, 2] };
    expect(Array.from(new Normalize(0.5, 0.5).apply(t).data)).toEqual([-1, 1, 0, -0.5]);
  });

  it('rejects a zero std, also one that is zero in float32', () => {
    expect(() => new Normalize([0.5, 0.5], [0.2, 0])).toThrow(
      new ArgumentError(
        'Normalize: expected a nonzero std for every channel, got std [0.2,0] (zero in float32 at index 1); a zero std would divide by zero.',
      ),
    );
    expect(() => new Normalize(0, 1e-50)).toThrow('Normalize: expected a nonzero std for every channel');
  });

  it('validates mean and std', () => {
    expect(() => new Normalize([], [1])).toThrow(
      new ArgumentError(
        'Normalize: expected mean as a finite number or a non-empty array of them (one per channel), got [].',
      ),
    );
    expect(() => new Normalize([0, 0], [1, 1, 1])).toThrow(
      'Normalize: expected mean and std of the same length (or one of length 1), got 2 and 3 values.',
    );
  });

  it('needs a HostTensor with as many channels as mean and std', () => {
    const raw: RawImage = { kind: 'raw', data: new Uint8Array(4), height: 2, width: 2, channels: 1 };
    expect(() => new Normalize(0.5, 0.5).apply(raw as unknown as HostTensor)).toThrow(
      new ArgumentError(
        'Normalize: expected a HostTensor (float32, [C, H, W]), got a RawImage 2x2x1; apply ToTensor first.',
      ),
    );
    const t: HostTensor = { kind: 'host', data: new Float32Array(4), shape: [1, 2, 2] };
    expect(() => new Normalize([0.4, 0.5, 0.6], [0.2, 0.2, 0.2]).apply(t)).toThrow(
      new ShapeError('Normalize: expected an image with 3 channels to match mean and std, got a HostTensor [1, 2, 2].'),
    );
  });
});
