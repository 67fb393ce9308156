import type { Image } from '../types.js';

/**
 * An image's size and where pixel `(c, y, x)` lives in its data: `data[c * strideC + y * strideY
 * + x * strideX]` for both layouts (RawImage HWC, HostTensor CHW).
 *
 * @example
 * ```ts
 * const { channels, height, width } = imageDims(img);
 * ```
 */
export interface ImageDims {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly strideC: number;
  readonly strideY: number;
  readonly strideX: number;
}

/**
 * The {@link ImageDims} of an image.
 *
 * @example
 * ```ts
 * imageDims({ kind: 'raw', data: new Uint8Array(12), height: 2, width: 2, channels: 3 }).strideY; // 6
 * ```
 */
export function imageDims(image: Image): ImageDims {
  if (image.kind === 'raw') {
    const { channels, height, width } = image;
    return { channels, height, width, strideC: 1, strideY: width * channels, strideX: channels };
  }
  const [channels, height, width] = image.shape;
  return { channels, height, width, strideC: height * width, strideY: width, strideX: 1 };
}

/**
 * A zero-filled image of the same kind as `like` with the given size.
 *
 * @example
 * ```ts
 * const out = emptyImageLike(input, input.kind === 'raw' ? input.channels : input.shape[0], 224, 224);
 * ```
 */
export function emptyImageLike<T extends Image>(like: T, channels: number, height: number, width: number): T {
  const out: Image =
    like.kind === 'raw'
      ? { kind: 'raw', data: new Uint8Array(height * width * channels), height, width, channels }
      : { kind: 'host', data: new Float32Array(channels * height * width), shape: [channels, height, width] };
  return out as T;
}
