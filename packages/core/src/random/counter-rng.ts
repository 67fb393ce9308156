/**
 * The counter-based generator behind every random op. Value `i` of a draw with seed `s` is a
 * pure function of `(s, i)`, so any backend (a GPU shader included) can produce the same stream
 * in any order, and `manualSeed` makes results identical run to run and backend to backend.
 */

/** A 32-bit integer hash with good avalanche (Chris Wellons' "lowbias32"). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * 32 random bits for element `index` of the draw seeded with `seed`.
 *
 * @example
 * ```ts
 * randomBits(42, 0) === randomBits(42, 0); // true
 * ```
 */
export function randomBits(seed: number, index: number): number {
  return mix32(mix32(index ^ 0x9e3779b9) ^ Math.imul(seed | 0, 0x85ebca6b) ^ 0x27d4eb2f);
}

/**
 * A float in `[0, 1)` with 24 random bits, for element `index` of seed `seed`.
 *
 * @example
 * ```ts
 * const u = uniformAt(1, 5); // 0 <= u < 1
 * ```
 */
export function uniformAt(seed: number, index: number): number {
  return (randomBits(seed, index) >>> 8) / 16777216;
}

/**
 * A standard normal value for element `index` of seed `seed` (Box-Muller on two uniforms drawn
 * at counters `2 * index` and `2 * index + 1`).
 *
 * @example
 * ```ts
 * const z = normalAt(1, 0);
 * ```
 */
export function normalAt(seed: number, index: number): number {
  const u1 = ((randomBits(seed, 2 * index) >>> 8) + 1) / 16777217;
  const u2 = uniformAt(seed, 2 * index + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * An integer in `[low, high)` for element `index` of seed `seed`.
 *
 * @example
 * ```ts
 * integerAt(3, 0, 0, 10); // one of 0..9
 * ```
 */
export function integerAt(seed: number, index: number, low: number, high: number): number {
  return low + Math.floor(uniformAt(seed, index) * (high - low));
}
