import { ArgumentError, checkOptions } from '@strata/core';
import type { Image, SampleRandom } from '../types.js';
import { checkImage } from './image-checks.js';
import { INTERPOLATION_MODES, type InterpolationMode } from './interpolation-mode.js';
import { checkBoolean, checkFill, checkOneOf, fillPerChannel, formatValue } from './option-checks.js';
import { rotateImage } from './rotate-image.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';

/**
 * Options of {@link RandomRotation}.
 *
 * @example
 * ```ts
 * const options: RandomRotationOptions = { interpolation: 'bilinear', fill: 0 };
 * ```
 */
export interface RandomRotationOptions {
  /** `'nearest'` (default) or `'bilinear'`. */
  interpolation?: InterpolationMode;
  /** Grow the output to hold the whole rotated image (default false: same size). */
  expand?: boolean;
  /** The pivot `[x, y]` in pixels from the top-left corner (default the image centre). */
  center?: readonly [number, number] | null;
  /** The value of pixels rotated in from outside, one number or one per channel (default 0). */
  fill?: number | readonly number[];
}

function checkDegrees(value: unknown): readonly [number, number] {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return [-value, value];
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    value[0] <= value[1]
  ) {
    return [value[0], value[1]];
  }
  throw new ArgumentError(
    `RandomRotation: expected degrees as a non-negative number d (for the range [-d, d]) or a range [min, max] with min <= max, got ${formatValue(value)}.`,
  );
}

function checkCenter(value: unknown): readonly [number, number] | null {
  if (value == null) return null;
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v)))
    return [value[0], value[1]];
  throw new ArgumentError(
    `RandomRotation: expected center as a pair [x, y] of finite numbers or null, got ${formatValue(value)}.`,
  );
}

/**
 * Rotates an image by a random angle (torchvision's `RandomRotation` on tensors):
 * counter-clockwise degrees drawn uniformly from `degrees` (a number `d` means `[-d, d]`), about
 * the centre or `center`, sampling each output pixel from the inversely rotated position.
 * Nearest sampling picks the same pixels as torchvision; a RawImage is rotated in float32 and
 * rounded back to uint8, as torchvision does for uint8 tensors.
 *
 * Draws exactly one number from the sample's generator: `angle = min + next() * (max - min)`.
 *
 * @example
 * ```ts
 * const rotate = new RandomRotation(15);
 * rotate.apply(raw28x28, sampleRandom(0, 0, 1)); // turned by some angle in [-15, 15]
 * ```
 */
export class RandomRotation implements SerializableTransform {
  readonly degrees: readonly [number, number];
  readonly interpolation: InterpolationMode;
  readonly expand: boolean;
  readonly center: readonly [number, number] | null;
  readonly fill: number | readonly number[];

  constructor(degrees: number | readonly [number, number], options: RandomRotationOptions = {}) {
    checkOptions('RandomRotation', options, ['interpolation', 'expand', 'center', 'fill']);
    this.degrees = checkDegrees(degrees);
    this.interpolation = checkOneOf(
      'RandomRotation',
      'interpolation',
      options.interpolation ?? 'nearest',
      INTERPOLATION_MODES,
    );
    this.expand = checkBoolean('RandomRotation', 'expand', options.expand ?? false);
    this.center = checkCenter(options.center);
    this.fill = checkFill('RandomRotation', options.fill ?? 0);
  }

  /**
   * Rotates one image by a freshly drawn angle, keeping its kind.
   *
   * @example
   * ```ts
   * new RandomRotation([90, 90]).apply(img, random); // always a quarter turn
   * ```
   */
  apply<T extends Image>(input: T, random: SampleRandom): T {
    checkImage('RandomRotation', input);
    const [min, max] = this.degrees;
    const angle = min + random.next() * (max - min);
    return rotateImage(
      input,
      angle,
      this.interpolation,
      this.expand,
      this.center,
      fillPerChannel('RandomRotation', this.fill, input),
    );
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this transform from.
   *
   * @example
   * ```ts
   * new RandomRotation(10).toSpec().options.degrees; // [-10, 10]
   * ```
   */
  toSpec(): TransformSpec {
    return {
      name: 'RandomRotation',
      options: {
        degrees: [...this.degrees],
        interpolation: this.interpolation,
        expand: this.expand,
        center: this.center === null ? null : [...this.center],
        fill: typeof this.fill === 'number' ? this.fill : [...this.fill],
      },
    };
  }
}
