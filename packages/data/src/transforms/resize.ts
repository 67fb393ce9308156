import type { Image } from '../types.js';
import { checkImage } from './image-checks.js';
import { imageDims } from './image-dims.js';
import { INTERPOLATION_MODES, type InterpolationMode } from './interpolation-mode.js';
import { checkBoolean, checkOneOf, checkSize } from './option-checks.js';
import { remapImage } from './remap-image.js';
import { resampleColumnsFloat, resampleColumnsUint8, resampleRowsFloat, resampleRowsUint8 } from './resample.js';
import {
  type AxisWeights,
  type AxisWeightsUint8,
  linearWeights,
  linearWeightsUint8,
  nearestIndices,
} from './resize-weights.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';
import { checkOptions } from '@strata/core';

/**
 * Options of {@link Resize}.
 *
 * @example
 * ```ts
 * const options: ResizeOptions = { interpolation: 'nearest' };
 * ```
 */
export interface ResizeOptions {
  /** `'bilinear'` (default) or `'nearest'` (PyTorch's `'nearest'`: `floor(dst * in / out)`). */
  interpolation?: InterpolationMode;
  /** Widen the bilinear filter when downsampling so no input pixel is skipped (default true). */
  antialias?: boolean;
}

// A pipeline usually sees one input size, so a handful of cached tables is plenty; the cap keeps
// datasets of varied sizes from growing the cache without bound.
const MAX_CACHED_TABLES = 32;

/**
 * Resizes an image (torchvision's `transforms.v2.Resize` on tensors). `size` is `[h, w]`, or a
 * number that the smaller edge is matched to with the aspect ratio kept (the longer edge becomes
 * `floor(size * long / short)`, as in torchvision).
 *
 * A `HostTensor` is resized in float32 like `torch.nn.functional.interpolate(mode='bilinear',
 * align_corners=False, antialias=...)`, a `RawImage` like torchvision on a uint8 tensor (PyTorch's
 * fixed-point uint8 kernel, bit-exact) and stays uint8. The bilinear filter is separable: each
 * axis gets a precomputed weight table, applied in two passes (width, then height).
 *
 * @example
 * ```ts
 * const resize = new Resize(224);
 * resize.apply(raw28x28).height; // 224
 * new Resize([96, 96], { interpolation: 'nearest' }).apply(tensor);
 * ```
 */
export class Resize implements SerializableTransform {
  readonly size: number | readonly [number, number];
  readonly interpolation: InterpolationMode;
  readonly antialias: boolean;
  private readonly tables = new Map<string, AxisWeights | AxisWeightsUint8 | Int32Array>();

  constructor(size: number | readonly [number, number], options: ResizeOptions = {}) {
    checkOptions('Resize', options, ['interpolation', 'antialias']);
    this.size = checkSize('Resize', 'size', size);
    this.interpolation = checkOneOf(
      'Resize',
      'interpolation',
      options.interpolation ?? 'bilinear',
      INTERPOLATION_MODES,
    );
    this.antialias = checkBoolean('Resize', 'antialias', options.antialias ?? true);
  }

  /**
   * The `[height, width]` an image of the given size is resized to.
   *
   * @example
   * ```ts
   * new Resize(96).outputSize(40, 30); // [128, 96]
   * ```
   */
  outputSize(height: number, width: number): [number, number] {
    if (typeof this.size !== 'number') return [this.size[0], this.size[1]];
    const short = Math.min(height, width);
    const long = Math.trunc((this.size * Math.max(height, width)) / short);
    return width <= height ? [long, this.size] : [this.size, long];
  }

  /**
   * Resizes `input`, keeping its kind (RawImage in, RawImage out). An image already of the
   * output size is returned as is.
   *
   * @example
   * ```ts
   * const big = new Resize(224).apply(img);
   * ```
   */
  apply<T extends Image>(input: T): T {
    checkImage('Resize', input);
    const { channels, height, width } = imageDims(input);
    const [outHeight, outWidth] = this.outputSize(height, width);
    if (outHeight === height && outWidth === width) return input;
    if (this.interpolation === 'nearest') {
      return remapImage(input, this.nearestTable(height, outHeight), this.nearestTable(width, outWidth), []);
    }
    if (input.kind === 'raw') {
      let data = input.data;
      if (outWidth !== width) data = resampleRowsUint8(data, height, width, channels, this.uint8Table(width, outWidth));
      if (outHeight !== height)
        data = resampleColumnsUint8(data, outWidth * channels, this.uint8Table(height, outHeight));
      return { kind: 'raw', data, height: outHeight, width: outWidth, channels } as Image as T;
    }
    let data = input.data;
    if (outWidth !== width) data = resampleRowsFloat(data, channels * height, width, this.floatTable(width, outWidth));
    if (outHeight !== height)
      data = resampleColumnsFloat(data, channels, height, outWidth, this.floatTable(height, outHeight));
    return { kind: 'host', data, shape: [channels, outHeight, outWidth] } as Image as T;
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this transform from.
   *
   * @example
   * ```ts
   * new Resize(224).toSpec(); // { name: 'Resize', options: { size: 224, interpolation: 'bilinear', antialias: true } }
   * ```
   */
  toSpec(): TransformSpec {
    const size = typeof this.size === 'number' ? this.size : [...this.size];
    return { name: 'Resize', options: { size, interpolation: this.interpolation, antialias: this.antialias } };
  }

  private cached<V extends AxisWeights | AxisWeightsUint8 | Int32Array>(key: string, make: () => V): V {
    const hit = this.tables.get(key);
    if (hit !== undefined) return hit as V;
    if (this.tables.size >= MAX_CACHED_TABLES) this.tables.clear();
    const made = make();
    this.tables.set(key, made);
    return made;
  }

  private floatTable(inSize: number, outSize: number): AxisWeights {
    return this.cached(`float:${inSize}:${outSize}`, () => linearWeights(inSize, outSize, this.antialias));
  }

  private uint8Table(inSize: number, outSize: number): AxisWeightsUint8 {
    return this.cached(`uint8:${inSize}:${outSize}`, () => linearWeightsUint8(inSize, outSize, this.antialias));
  }

  private nearestTable(inSize: number, outSize: number): Int32Array {
    return this.cached(`nearest:${inSize}:${outSize}`, () => nearestIndices(inSize, outSize));
  }
}
