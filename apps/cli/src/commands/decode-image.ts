import type { RawImage } from '@strata/data';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { UsageError } from '../usage-error.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

/**
 * Decodes a PNG or JPEG file's bytes into a one-channel 8-bit image (ITU-R 601 luma from RGB,
 * alpha composited on black, as the Fashion-MNIST images are light on dark). An unreadable or
 * unsupported file is a usage error naming the file and the reason.
 *
 * @example
 * ```ts
 * const image = decodeImage('shoe.png', readFileSync('shoe.png'));
 * ```
 */
export function decodeImage(name: string, bytes: Uint8Array): RawImage {
  let rgba: { width: number; height: number; data: Uint8Array };
  try {
    if (startsWith(bytes, PNG_MAGIC)) rgba = PNG.sync.read(Buffer.from(bytes));
    else if (startsWith(bytes, JPEG_MAGIC)) rgba = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    else throw new Error('not a PNG or JPEG file (unknown signature)');
  } catch (error) {
    throw new UsageError(`cannot read image '${name}': ${(error as Error).message}.`);
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
