import { describe, expect, it } from 'vitest';
import { integerAt, normalAt, randomBits, uniformAt } from './counter-rng.js';
import { getRngState, manualSeed, nextSeed, setRngState } from './generator.js';

describe('random streams', () => {
  it('value i depends only on (seed, i)', () => {
    expect(randomBits(1, 5)).toBe(randomBits(1, 5));
    expect(randomBits(1, 5)).not.toBe(randomBits(2, 5));
    expect(randomBits(1, 5)).not.toBe(randomBits(1, 6));
  });

  it('uniform values cover [0, 1) evenly and integers their range', () => {
    const n = 100000;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) buckets[Math.floor(uniformAt(3, i) * 10)]!++;
    // Each bucket expects n/10 = 10000 with standard deviation ~95; 500 is over five of those.
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(500);
    const ints = new Set(Array.from({ length: 1000 }, (_, i) => integerAt(3, i, -2, 2)));
    expect(ints).toEqual(new Set([-2, -1, 0, 1]));
    expect(Number.isFinite(normalAt(3, 0))).toBe(true);
  });

  it('manualSeed restarts the seed stream', () => {
    manualSeed(11);
    const a = [nextSeed(), nextSeed()];
    manualSeed(11);
    expect([nextSeed(), nextSeed()]).toEqual(a);
    expect(a[0]).not.toBe(a[1]);
  });

  it('getRngState / setRngState save and restore the stream mid-way', () => {
    manualSeed(5);
    nextSeed();
    const saved = getRngState();
    const a = [nextSeed(), nextSeed()];
    nextSeed();
    setRngState(saved);
    expect([nextSeed(), nextSeed()]).toEqual(a);
    expect(() => setRngState(1.5)).toThrow('setRngState: expected a 32-bit integer from getRngState(), got 1.5.');
  });
});
