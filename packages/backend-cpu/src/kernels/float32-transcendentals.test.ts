import { describe, expect, it } from 'vitest';
import { expf, sigmoidf, tanhf } from './float32-transcendentals.js';

const bits = new Float32Array(1);
const ints = new Uint32Array(bits.buffer);
/** The float32 `x` as an integer that counts ulps monotonically across zero. */
function ordered(x: number): number {
  bits[0] = x;
  const u = ints[0]!;
  return u & 0x80000000 ? 0x80000000 - (u & 0x7fffffff) : u + 0x80000000;
}
const ulps = (a: number, b: number): number => Math.abs(ordered(a) - ordered(b));

// The exact values in double, rounded once to float32.
const REFERENCES: [string, (x: number) => number, (x: number) => number, number][] = [
  ['exp', expf, Math.exp, 1],
  ['sigmoid', sigmoidf, (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))), 2],
  ['tanh', tanhf, Math.tanh, 2],
];

describe('float32 exp, sigmoid and tanh', () => {
  for (const [name, f, exact, bound] of REFERENCES) {
    it(`${name} is within ${bound} ulp of the correctly rounded value over its range`, () => {
      let worst = 0;
      for (let i = -110 * 512; i <= 110 * 512; i++) {
        const x = Math.fround(i / 512 + 1 / 4096);
        worst = Math.max(worst, ulps(f(x), Math.fround(exact(x))));
      }
      for (let e = -149; e < 0; e++) {
        for (const x of [2 ** e, -(2 ** e), Math.fround(1.7 * 2 ** e)]) {
          worst = Math.max(worst, ulps(f(x), Math.fround(exact(x))));
        }
      }
      expect(worst).toBeLessThanOrEqual(bound);
    });
  }

  it('keeps the special values', () => {
    expect([expf(Number.NaN), sigmoidf(Number.NaN), tanhf(Number.NaN)].every(Number.isNaN)).toBe(true);
    expect([expf(Number.POSITIVE_INFINITY), expf(Number.NEGATIVE_INFINITY), expf(-0)]).toEqual([
      Number.POSITIVE_INFINITY,
      0,
      1,
    ]);
    expect([expf(88.72), expf(88.8), expf(-103.9), expf(-104)]).toEqual([
      Math.fround(Math.exp(88.72)),
      Number.POSITIVE_INFINITY,
      Math.fround(Math.exp(-103.9)),
      0,
    ]);
    expect([sigmoidf(Number.POSITIVE_INFINITY), sigmoidf(Number.NEGATIVE_INFINITY), sigmoidf(-200)]).toEqual([1, 0, 0]);
    expect([tanhf(Number.POSITIVE_INFINITY), tanhf(Number.NEGATIVE_INFINITY), tanhf(1e-22)]).toEqual([
      1,
      -1,
      Math.fround(1e-22),
    ]);
    expect(Object.is(tanhf(-0), -0)).toBe(true);
  });
});
