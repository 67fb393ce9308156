import { ArgumentError } from '@strata/core';
import type { Image, SampleRandom } from '../types.js';
import { checkImage } from './image-checks.js';
import { imageDims } from './image-dims.js';
import { formatValue } from './option-checks.js';
import { rangeIndices, remapImage } from './remap-image.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';

/**
 * Mirrors an image left to right with probability `p` (torchvision's `RandomHorizontalFlip`).
 * Draws exactly one number from the sample's generator and flips when it is below `p`.
 *
 * @example
 * ```ts
 * const flip = new RandomHorizontalFlip();
 * flip.apply(img, sampleRandom(0, 0, 3)); // flipped or not, the same way every run
 * ```
 */
export class RandomHorizontalFlip implements SerializableTransform {
  readonly p: number;

  constructor(p = 0.5) {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new ArgumentError(`RandomHorizontalFlip: expected a probability p in [0, 1], got ${formatValue(p)}.`);
    }
    this.p = p;
  }

  /**
   * Flips one image (a new copy) or returns it unchanged.
   *
   * @example
   * ```ts
   * new RandomHorizontalFlip(1).apply(img, random); // always flipped
   * ```
   */
  apply<T extends Image>(input: T, random: SampleRandom): T {
    checkImage('RandomHorizontalFlip', input);
    if (!(random.next() < this.p)) return input;
    const { height, width } = imageDims(input);
    const cols = new Int32Array(width);
    for (let x = 0; x < width; x++) cols[x] = width - 1 - x;
    return remapImage(input, rangeIndices(0, height), cols, []);
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this transform from.
   *
   * @example
   * ```ts
   * new RandomHorizontalFlip().toSpec(); // { name: 'RandomHorizontalFlip', options: { p: 0.5 } }
   * ```
   */
  toSpec(): TransformSpec {
    return { name: 'RandomHorizontalFlip', options: { p: this.p } };
  }
}
