import type { RawImage } from '../types.js';
import { FASHION_MNIST_SPEC } from './fashion-mnist-spec.js';
import { type IdxDatasetOptions, IdxClassificationDataset, preloadIdxDataset } from './idx-classification-dataset.js';

/**
 * Options of {@link FashionMNIST}: torchvision's, plus `embeddedSample`.
 *
 * @example
 * ```ts
 * const options: FashionMNISTOptions = { train: false, embeddedSample: true };
 * ```
 */
export interface FashionMNISTOptions<X = RawImage, Y = number> extends IdxDatasetOptions<X, Y> {
  /**
   * Read the class-balanced sample shipped inside the package (6,000 training and 1,000 test
   * images: the first 600 / 100 of each class, in file order) instead of the full dataset.
   * Never used unless asked for.
   */
  embeddedSample?: boolean;
}

/**
 * Fashion-MNIST (torchvision's `FashionMNIST`): 28x28 grayscale images of 10 kinds of clothing,
 * 60,000 for training and 10,000 for testing. Samples are `[image, label]` with a `RawImage`
 * image. The files are read from an explicit `root`, else the first of `$STRATA_DATA/fashion-mnist`,
 * the user cache (`$XDG_CACHE_HOME/strata/fashion-mnist` or `~/.cache/strata/fashion-mnist`) and
 * `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist`) that holds them;
 * `source` says which. The constructor reads synchronously (Node); `await FashionMNIST.load(...)`
 * reads without blocking and can also download.
 *
 * @example
 * ```ts
 * const train = new FashionMNIST();
 * const [image, label] = train.get(0); // image.height === 28
 * train.classes[label]; // 'Ankle boot'
 * const test = await FashionMNIST.load({ train: false, download: true });
 * const small = new FashionMNIST({ embeddedSample: true }); // offline, 6,000 images
 * ```
 */
export class FashionMNIST<X = RawImage, Y = number> extends IdxClassificationDataset<X, Y> {
  /** The ten class names, torchvision's spelling. */
  static readonly classes: readonly string[] = FASHION_MNIST_SPEC.classes;

  constructor(options: FashionMNISTOptions<X, Y> = {}) {
    super(FASHION_MNIST_SPEC, options);
  }

  /**
   * Like the constructor, but reads without blocking the event loop and, with
   * `download: true`, downloads missing files (MD5-checked) into `root` or the user cache.
   *
   * @example
   * ```ts
   * const train = await FashionMNIST.load({ download: true });
   * train.source.kind; // 'download' the first time, 'cache' afterwards
   * ```
   */
  static async load<X = RawImage, Y = number>(options: FashionMNISTOptions<X, Y> = {}): Promise<FashionMNIST<X, Y>> {
    return new FashionMNIST(await preloadIdxDataset(FASHION_MNIST_SPEC, options));
  }
}
