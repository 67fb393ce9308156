import { randomBits } from '@strata/core';

/**
 * @internal The order in which an epoch visits the dataset: `0..length-1`, or with `shuffle` a
 * Fisher-Yates permutation drawn from core's counter RNG, a pure function of `(seed, epoch)`.
 */
export function sampleOrder(length: number, shuffle: boolean, seed: number, epoch: number): Int32Array {
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  if (!shuffle) return order;
  const stream = randomBits(seed, epoch);
  for (let i = length - 1; i > 0; i--) {
    // 32 random bits rather than uniformAt's 24, so every position stays reachable past 2^24 samples.
    const j = Math.floor((randomBits(stream, i) / 4294967296) * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}
