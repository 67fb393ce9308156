import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { sampleRandom } from '../sample-random.js';
import type { HostTensor, RawImage } from '../types.js';
import { scriptedRandom } from './__fixtures__/golden.js';
import { RandomHorizontalFlip } from './random-horizontal-flip.js';

describe('RandomHorizontalFlip', () => {
  const raw: RawImage = {
    kind: 'raw',
    data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
    height: 2,
    width: 2,
    channels: 3,
  };

  it('mirrors each row, keeping the channels of a pixel together', () => {
    expect(Array.from(new RandomHorizontalFlip(1).apply(raw, scriptedRandom(0.3)).data)).toEqual([
      4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9,
    ]);
    const t: HostTensor = { kind: 'host', data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 1, 3] };
    expect(Array.from(new RandomHorizontalFlip(1).apply(t, scriptedRandom(0.3)).data)).toEqual([3, 2, 1, 6, 5, 4]);
  });

  it('draws one number and flips when it is below p', () => {
    const flip = new RandomHorizontalFlip(0.5);
    const kept = scriptedRandom(0.5);
    expect(flip.apply(raw, kept)).toBe(raw);
    expect(kept.draws).toBe(1);
    expect(flip.apply(raw, scriptedRandom(0.49)).data[0]).toBe(4);
    expect(new RandomHorizontalFlip(0).apply(raw, scriptedRandom(0))).toBe(raw);
  });

  it('is deterministic for a given sample generator', () => {
    const flip = new RandomHorizontalFlip();
    const outcomes = Array.from({ length: 32 }, (_, i) => flip.apply(raw, sampleRandom(3, 0, i)) === raw);
    expect(Array.from({ length: 32 }, (_, i) => flip.apply(raw, sampleRandom(3, 0, i)) === raw)).toEqual(outcomes);
    expect(new Set(outcomes).size).toBe(2);
  });

  it('validates p', () => {
    expect(() => new RandomHorizontalFlip(1.5)).toThrow(
      new ArgumentError('RandomHorizontalFlip: expected a probability p in [0, 1], got 1.5.'),
    );
  });
});
