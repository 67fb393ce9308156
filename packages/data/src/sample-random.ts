import { uniformAt } from '@strata/core';
import type { SampleRandom } from './types.js';

/**
 * The generator for the random transforms of sample `index` in epoch `epoch` of a loader seeded
 * with `seed`: a pure function of the three, so a sample is transformed the same way whichever
 * worker handles it, and differently each epoch.
 *
 * @example
 * ```ts
 * const random = sampleRandom(42, 0, 7);
 * random.next(); // the same number every run
 * ```
 */
export function sampleRandom(seed: number, epoch: number, index: number): SampleRandom {
  // Mix the three into one 32-bit stream seed; the counter then walks that stream.
  const stream =
    (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca77) ^ Math.imul(index + 1, 0xc2b2ae3d)) | 0;
  let counter = 0;
  return { next: () => uniformAt(stream, counter++) };
}
