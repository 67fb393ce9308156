import type { RawImage } from '../types.js';
import { type IdxDatasetOptions, IdxClassificationDataset, preloadIdxDataset } from './idx-classification-dataset.js';
import { MNIST_SPEC } from './mnist-spec.js';

/**
 * MNIST handwritten digits (torchvision's `MNIST`): 28x28 grayscale images, 60,000 for training
 * and 10,000 for testing. Samples are `[image, label]` with a `RawImage` image. The files are
 * read from an explicit `root`, else the first of `$STRATA_DATA/mnist` and the user cache
 * (`$XDG_CACHE_HOME/strata/mnist` or `~/.cache/strata/mnist`) that holds them; `source` says
 * which. `await MNIST.load({ download: true })` downloads them (MD5-checked) into the cache.
 *
 * @example
 * ```ts
 * const train = await MNIST.load({ download: true });
 * const [image, label] = train.get(0);
 * train.classes[label]; // '5 - five'
 * ```
 */
export class MNIST<X = RawImage, Y = number> extends IdxClassificationDataset<X, Y> {
  /** The ten class names, torchvision's spelling. */
  static readonly classes: readonly string[] = MNIST_SPEC.classes;

  constructor(options: IdxDatasetOptions<X, Y> = {}) {
    super(MNIST_SPEC, options);
  }

  /**
   * Like the constructor, but reads without blocking the event loop and, with
   * `download: true`, downloads missing files (MD5-checked) into `root` or the user cache.
   *
   * @example
   * ```ts
   * const test = await MNIST.load({ train: false, download: true });
   * ```
   */
  static async load<X = RawImage, Y = number>(options: IdxDatasetOptions<X, Y> = {}): Promise<MNIST<X, Y>> {
    return new MNIST(await preloadIdxDataset(MNIST_SPEC, options));
  }
}
