import type { Dataset, Image, RawImage, Transform } from '../types.js';

/**
 * A dataset whose samples the DataLoader can build itself: an 8-bit image and a class label
 * from `getRaw` (cheap slicing of in-memory data), then `transform` on the image and
 * `targetTransform` on the label. The loader calls them directly, so random transforms get the
 * loader's per-sample generator; with `numWorkers > 0` it runs `transform` in worker threads,
 * which needs a `SerializableTransform` (`transform.toSpec()`). `FashionMNIST` is one.
 *
 * @example
 * ```ts
 * const ds: RawSampleDataset = new FashionMNIST({ train: true, transform: new ToTensor() });
 * const [raw, label] = ds.getRaw(0); // raw.data is a Uint8Array of 28 * 28 bytes
 * ```
 */
export interface RawSampleDataset extends Dataset<[Image, number]> {
  /** Sample `index` before any transform. */
  getRaw(index: number): readonly [RawImage, number];
  /** Applied to the image of every sample. */
  readonly transform?: Transform<RawImage, Image> | undefined;
  /** Applied to the label of every sample, on the main thread. */
  readonly targetTransform?: Transform<number, number> | undefined;
}

/** @internal Whether `dataset` offers `getRaw`, so the loader can build its samples. */
export function hasRawSamples(dataset: Dataset<unknown>): dataset is Dataset<unknown> & RawSampleDataset {
  return typeof (dataset as Partial<RawSampleDataset>).getRaw === 'function';
}
