import type { Image } from '../types.js';
import { checkImage } from './image-checks.js';
import { imageDims } from './image-dims.js';
import { checkSize, sizePair } from './option-checks.js';
import { padImage } from './pad-image.js';
import { rangeIndices, remapImage } from './remap-image.js';
import { roundHalfEven } from './round-half-even.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';

/**
 * Crops the center of an image (torchvision's `CenterCrop`). `size` is `[h, w]` or a number
 * for a square. An image smaller than the crop is first zero-padded (the odd pixel on the right
 * or bottom); an odd margin is split as Python's `round()` does, ties to even, as in torchvision.
 *
 * @example
 * ```ts
 * new CenterCrop(24).apply(raw28x28).height; // 24
 * ```
 */
export class CenterCrop implements SerializableTransform {
  readonly size: number | readonly [number, number];

  constructor(size: number | readonly [number, number]) {
    this.size = checkSize('CenterCrop', 'size', size);
  }

  /**
   * Crops one image, keeping its kind.
   *
   * @example
   * ```ts
   * new CenterCrop([20, 10]).apply(t);
   * ```
   */
  apply<T extends Image>(input: T): T {
    checkImage('CenterCrop', input);
    const [cropHeight, cropWidth] = sizePair(this.size);
    let image: T = input;
    let { height, width, channels } = imageDims(input);
    if (cropWidth > width || cropHeight > height) {
      const padX = Math.max(cropWidth - width, 0);
      const padY = Math.max(cropHeight - height, 0);
      image = padImage(
        'CenterCrop',
        input,
        [padX >> 1, padY >> 1, (padX + 1) >> 1, (padY + 1) >> 1],
        new Array<number>(channels).fill(0),
        'constant',
      );
      height += padY;
      width += padX;
      if (cropWidth === width && cropHeight === height) return image;
    }
    const top = roundHalfEven((height - cropHeight) / 2);
    const left = roundHalfEven((width - cropWidth) / 2);
    return remapImage(image, rangeIndices(top, cropHeight), rangeIndices(left, cropWidth), []);
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this transform from.
   *
   * @example
   * ```ts
   * new CenterCrop(24).toSpec(); // { name: 'CenterCrop', options: { size: 24 } }
   * ```
   */
  toSpec(): TransformSpec {
    return { name: 'CenterCrop', options: { size: typeof this.size === 'number' ? this.size : [...this.size] } };
  }
}
