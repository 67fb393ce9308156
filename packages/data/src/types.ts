/**
 * An indexable collection of samples (PyTorch's map-style `Dataset`).
 *
 * @example
 * ```ts
 * const ds: Dataset<[RawImage, number]> = new FashionMNIST({ train: true });
 * const [image, label] = ds.get(0);
 * ```
 */
export interface Dataset<T> {
  /** The number of samples. */
  readonly length: number;
  /** Sample `index` (0 <= index < length). */
  get(index: number): T;
}

/**
 * An 8-bit image on the host, row-major `height x width x channels` (what a decoded PIL image
 * is to torchvision). Grayscale images have one channel.
 *
 * @example
 * ```ts
 * const img: RawImage = { kind: 'raw', data: new Uint8Array(28 * 28), height: 28, width: 28, channels: 1 };
 * ```
 */
export interface RawImage {
  readonly kind: 'raw';
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * A float image on the host, `channels x height x width` (what torchvision's `ToTensor`
 * returns). Samples stay on the host until the DataLoader collates a batch into one tensor, so
 * transforms can run in worker threads.
 *
 * @example
 * ```ts
 * const t: HostTensor = { kind: 'host', data: new Float32Array(784), shape: [1, 28, 28] };
 * ```
 */
export interface HostTensor {
  readonly kind: 'host';
  readonly data: Float32Array;
  /** `[C, H, W]`. */
  readonly shape: readonly [number, number, number];
}

/**
 * An image a transform accepts: raw 8-bit HWC or float CHW.
 *
 * @example
 * ```ts
 * const img: Image = toTensor(raw);
 * ```
 */
export type Image = RawImage | HostTensor;

/**
 * A sample transform (torchvision's callable transforms). Random transforms draw from the
 * generator they are given, which the DataLoader seeds per sample, so results are reproducible
 * and independent of which worker runs them.
 *
 * @example
 * ```ts
 * const t: Transform<RawImage, HostTensor> = new ToTensor();
 * ```
 */
export interface Transform<I = Image, O = Image> {
  /** Transforms one sample, drawing any randomness from `random`. */
  apply(input: I, random: SampleRandom): O;
}

/**
 * A small seeded generator for one sample's random transforms.
 *
 * @example
 * ```ts
 * if (random.next() < 0.5) flip(img);
 * ```
 */
export interface SampleRandom {
  /** A float in `[0, 1)`. */
  next(): number;
}
