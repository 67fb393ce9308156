import { sampleRandom } from '../sample-random.js';
import type { Image, RawImage, Transform } from '../types.js';
import { transformError } from './loader-errors.js';

// The label's generator is a separate stream from the image's, so a random target transform is
// not correlated with the image transform's draws.
const TARGET_STREAM = 0x5bd1e995;

/**
 * @internal Applies `transform` to the raw image of dataset sample `index`, with that sample's
 * generator for `(seed, epoch)`; a transform that throws becomes a loader error naming the
 * sample. The main thread and the workers both call this, so their results are bit-identical.
 */
export function transformImage(
  transform: Transform<RawImage, Image> | undefined,
  raw: RawImage,
  seed: number,
  epoch: number,
  index: number,
): Image {
  if (transform === undefined) return raw;
  try {
    return transform.apply(raw, sampleRandom(seed, epoch, index));
  } catch (error) {
    throw transformError(error, index);
  }
}

/** @internal Applies `targetTransform` to the label of dataset sample `index`. */
export function transformLabel(
  targetTransform: Transform<number, number> | undefined,
  label: number,
  seed: number,
  epoch: number,
  index: number,
): number {
  if (targetTransform === undefined) return label;
  try {
    return targetTransform.apply(label, sampleRandom(seed ^ TARGET_STREAM, epoch, index));
  } catch (error) {
    throw transformError(error, index);
  }
}
