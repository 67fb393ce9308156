import { checkOptions, ShapeError } from '@strata/core';
import type { Image, SampleRandom } from '../types.js';
import { checkImage, describeImage } from './image-checks.js';
import { imageDims } from './image-dims.js';
import {
  checkBoolean,
  checkFill,
  checkOneOf,
  checkPadding,
  checkSize,
  fillPerChannel,
  type Padding,
  paddingLtrb,
  sizePair,
} from './option-checks.js';
import { padImage } from './pad-image.js';
import { PADDING_MODES, type PaddingMode } from './padding-mode.js';
import { rangeIndices, remapImage } from './remap-image.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';

/**
 * Options of {@link RandomCrop}.
 *
 * @example
 * ```ts
 * const options: RandomCropOptions = { padding: 4, paddingMode: 'reflect' };
 * ```
 */
export interface RandomCropOptions {
  /** Padding applied before cropping, as in `Pad` (default none). */
  padding?: Padding | null;
  /** Pad an image smaller than the crop up to its size first (default false). */
  padIfNeeded?: boolean;
  /** The `'constant'` padding value (default 0), as in `Pad`. */
  fill?: number | readonly number[];
  /** How to pad (default `'constant'`), as in `Pad`. */
  paddingMode?: PaddingMode;
}

/**
 * Crops a random `size` window (torchvision's `RandomCrop`): pads by `padding` if given, then,
 * with `padIfNeeded`, pads a too-narrow image by the missing width on both the left and the
 * right and a too-short one by the missing height on both the top and the bottom (torchvision
 * does the same), then crops.
 *
 * Draws exactly two numbers from the sample's generator, top then left:
 * `top = floor(next() * (height - cropHeight + 1))`, `left = floor(next() * (width - cropWidth + 1))`
 * (also when the window fits exactly, so the draw count never depends on the image).
 *
 * @example
 * ```ts
 * const crop = new RandomCrop(28, { padding: 4 });
 * crop.apply(raw28x28, sampleRandom(0, 0, 7)); // a shifted 28x28 view with a black border
 * ```
 */
export class RandomCrop implements SerializableTransform {
  readonly size: number | readonly [number, number];
  readonly padding: Padding | null;
  readonly padIfNeeded: boolean;
  readonly fill: number | readonly number[];
  readonly paddingMode: PaddingMode;

  constructor(size: number | readonly [number, number], options: RandomCropOptions = {}) {
    checkOptions('RandomCrop', options, ['padding', 'padIfNeeded', 'fill', 'paddingMode']);
    this.size = checkSize('RandomCrop', 'size', size);
    this.padding = options.padding == null ? null : checkPadding('RandomCrop', options.padding);
    this.padIfNeeded = checkBoolean('RandomCrop', 'padIfNeeded', options.padIfNeeded ?? false);
    this.fill = checkFill('RandomCrop', options.fill ?? 0);
    this.paddingMode = checkOneOf('RandomCrop', 'paddingMode', options.paddingMode ?? 'constant', PADDING_MODES);
  }

  /**
   * Crops one image, keeping its kind.
   *
   * @example
   * ```ts
   * new RandomCrop(24).apply(img, random);
   * ```
   */
  apply<T extends Image>(input: T, random: SampleRandom): T {
    checkImage('RandomCrop', input);
    const [cropHeight, cropWidth] = sizePair(this.size);
    let image: T = input;
    const pad = (ltrb: readonly [number, number, number, number]) => {
      image = padImage('RandomCrop', image, ltrb, fillPerChannel('RandomCrop', this.fill, image), this.paddingMode);
    };
    if (this.padding !== null) pad(paddingLtrb(this.padding));
    const { width } = imageDims(image);
    if (this.padIfNeeded && width < cropWidth) pad([cropWidth - width, 0, cropWidth - width, 0]);
    const { height } = imageDims(image);
    if (this.padIfNeeded && height < cropHeight) pad([0, cropHeight - height, 0, cropHeight - height]);
    const dims = imageDims(image);
    if (dims.height < cropHeight || dims.width < cropWidth) {
      throw new ShapeError(
        `RandomCrop: expected an image at least as large as the crop [${cropHeight}, ${cropWidth}]${this.padding === null ? '' : ' after padding'}, got ${describeImage(image)}; pass padIfNeeded: true or a smaller size.`,
      );
    }
    const top = Math.floor(random.next() * (dims.height - cropHeight + 1));
    const left = Math.floor(random.next() * (dims.width - cropWidth + 1));
    return remapImage(image, rangeIndices(top, cropHeight), rangeIndices(left, cropWidth), []);
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this transform from.
   *
   * @example
   * ```ts
   * new RandomCrop(28, { padding: 4 }).toSpec().options.padding; // 4
   * ```
   */
  toSpec(): TransformSpec {
    return {
      name: 'RandomCrop',
      options: {
        size: typeof this.size === 'number' ? this.size : [...this.size],
        padding: this.padding === null || typeof this.padding === 'number' ? this.padding : [...this.padding],
        padIfNeeded: this.padIfNeeded,
        fill: typeof this.fill === 'number' ? this.fill : [...this.fill],
        paddingMode: this.paddingMode,
      },
    };
  }
}
