import type { RawImage } from '@strata/data';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { UsageError } from '../usage-error.js';
import { type ImageHeader, jpegHeader, pngHeader, pngPixelData } from './image-header.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

/**
 * The most pixels `strata predict` decodes by default (`--max-pixels` raises it): far above any
 * photo, and a decode of at most a few hundred megabytes.
 *
 * @example
 * ```ts
 * decodeImage('big.png', bytes, { maxPixels: 2 * DEFAULT_MAX_PIXELS });
 * ```
 */
export const DEFAULT_MAX_PIXELS = 50_000_000;

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

function checkSize(name: string, header: ImageHeader | undefined, maxPixels: number): void {
  if (header === undefined) return;
  const { width, height } = header;
  if (width === 0 || height === 0)
    throw new UsageError(`cannot read image '${name}': it is ${width} x ${height} pixels.`);
  if (width * height > maxPixels) {
    throw new UsageError(
      `cannot read image '${name}': it is ${width} x ${height} = ${(width * height).toLocaleString('en-US')} pixels, more than the limit of ${maxPixels.toLocaleString('en-US')}; pass a larger --max-pixels to read it anyway.`,
    );
  }
}

/**
 * Decodes a PNG or JPEG file's bytes into a one-channel 8-bit image (ITU-R 601 luma from RGB,
 * alpha composited on black, as the Fashion-MNIST images are light on dark). Its size is read
 * from the header and checked against `maxPixels` before anything is decoded, and a PNG whose
 * pixel data stops short is refused rather than read as black rows. An unreadable, truncated,
 * too large or unsupported file is a usage error naming the file and the reason.
 *
 * @example
 * ```ts
 * const image = decodeImage('shoe.png', readFileSync('shoe.png'));
 * ```
 */
export function decodeImage(name: string, bytes: Uint8Array, options: { maxPixels?: number } = {}): RawImage {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  let rgba: { width: number; height: number; data: Uint8Array };
  if (startsWith(bytes, PNG_MAGIC)) {
    const header = pngHeader(bytes);
    checkSize(name, header, maxPixels);
    if (header !== undefined) {
      const { actual, expected, rows } = pngPixelData(bytes);
      if (actual < expected) {
        const covered = rows === null ? '' : ` (${rows} of its ${header.height} rows)`;
        throw new UsageError(
          `cannot read image '${name}': its pixel data stops short, ${actual} of the ${expected} bytes a ${header.width} x ${header.height} image needs${covered}; the file is truncated or damaged.`,
        );
      }
    }
    try {
      rgba = PNG.sync.read(Buffer.from(bytes));
    } catch (error) {
      throw new UsageError(`cannot read image '${name}': ${(error as Error).message}.`);
    }
  } else if (startsWith(bytes, JPEG_MAGIC)) {
    checkSize(name, jpegHeader(bytes), maxPixels);
    try {
      rgba = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        tolerantDecoding: false,
        maxResolutionInMP: Math.ceil(maxPixels / 1e6),
        maxMemoryUsageInMB: Math.max(512, Math.ceil((maxPixels * 8) / 2 ** 20)),
      });
    } catch (error) {
      throw new UsageError(`cannot read image '${name}': ${(error as Error).message}.`);
    }
  } else {
    throw new UsageError(`cannot read image '${name}': not a PNG or JPEG file (unknown signature).`);
  }
  const { width, height, data } = rgba;
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    const alpha = data[4 * i + 3]! / 255;
    const luma = 0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!;
    gray[i] = Math.round(luma * alpha);
  }
  return { kind: 'raw', data: gray, height, width, channels: 1 };
}
