import { describe, expect, it } from 'vitest';
import { sampleRandom } from './sample-random.js';

const draw = (seed: number, epoch: number, index: number) => {
  const r = sampleRandom(seed, epoch, index);
  return [r.next(), r.next(), r.next()];
};

describe('sampleRandom', () => {
  it('is a pure function of (seed, epoch, index)', () => {
    expect(draw(1, 2, 3)).toEqual(draw(1, 2, 3));
  });

  it('differs across seeds, epochs and samples, and along its stream', () => {
    const base = draw(1, 2, 3);
    expect(draw(2, 2, 3)).not.toEqual(base);
    expect(draw(1, 3, 3)).not.toEqual(base);
    expect(draw(1, 2, 4)).not.toEqual(base);
    expect(new Set(base).size).toBe(3);
    expect(base.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
