import type { Image } from '../types.js';
import { checkImage } from './image-checks.js';
import { checkFill, checkOneOf, checkPadding, fillPerChannel, type Padding, paddingLtrb } from './option-checks.js';
import { padImage } from './pad-image.js';
import { PADDING_MODES, type PaddingMode } from './padding-mode.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';
import { checkOptions } from '@strata/core';

/**
 * Options of {@link Pad}.
 *
 * @example
 * ```ts
 * const options: PadOptions = { fill: 0, paddingMode: 'reflect' };
 * ```
 */
export interface PadOptions {
  /**
   * The `'constant'` border value, one number or one per channel (default 0); integers in
   * `[0, 255]` for a RawImage.
   */
  fill?: number | readonly number[];
  /** `'constant'` (default), `'edge'`, `'reflect'` or `'symmetric'`. */
  paddingMode?: PaddingMode;
}

/**
 * Pads an image on its borders (torchvision's `Pad`). `padding` is one number for every side,
 * `[leftRight, topBottom]`, or `[left, top, right, bottom]` (non-negative integers).
 * `'reflect'` padding must be smaller than the image side it mirrors and `'symmetric'` at most
 * as large, as in torchvision.
 *
 * @example
 * ```ts
 * new Pad(4).apply(raw28x28).height; // 36
 * new Pad([2, 0], { paddingMode: 'edge' }).apply(t);
 * ```
 */
export class Pad implements SerializableTransform {
  readonly padding: Padding;
  readonly fill: number | readonly number[];
  readonly paddingMode: PaddingMode;

  constructor(padding: Padding, options: PadOptions = {}) {
    checkOptions('Pad', options, ['fill', 'paddingMode']);
    this.padding = checkPadding('Pad', padding);
    this.fill = checkFill('Pad', options.fill ?? 0);
    this.paddingMode = checkOneOf('Pad', 'paddingMode', options.paddingMode ?? 'constant', PADDING_MODES);
  }

  /**
   * Pads one image, keeping its kind.
   *
   * @example
   * ```ts
   * new Pad(1).apply(t).shape; // [C, H + 2, W + 2]
   * ```
   */
  apply<T extends Image>(input: T): T {
    checkImage('Pad', input);
    return padImage('Pad', input, paddingLtrb(this.padding), fillPerChannel('Pad', this.fill, input), this.paddingMode);
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this transform from.
   *
   * @example
   * ```ts
   * new Pad(4).toSpec(); // { name: 'Pad', options: { padding: 4, fill: 0, paddingMode: 'constant' } }
   * ```
   */
  toSpec(): TransformSpec {
    const padding = typeof this.padding === 'number' ? this.padding : [...this.padding];
    const fill = typeof this.fill === 'number' ? this.fill : [...this.fill];
    return { name: 'Pad', options: { padding, fill, paddingMode: this.paddingMode } };
  }
}
