import type { Image } from '../types.js';
import { emptyImageLike, imageDims } from './image-dims.js';

/**
 * A separable pixel gather, the kernel behind pad, crop and flip: output pixel `(c, y, x)` is
 * input pixel `(c, rows[y], cols[x])`, or `fill[c]` where either index is `-1`.
 *
 * @example
 * ```ts
 * const flipped = remapImage(img, Int32Array.from([0, 1]), Int32Array.from([2, 1, 0]), [0]);
 * ```
 */
export function remapImage<T extends Image>(image: T, rows: Int32Array, cols: Int32Array, fill: readonly number[]): T {
  const { channels, height, width } = imageDims(image);
  const out = emptyImageLike(image, channels, rows.length, cols.length);
  const input = image.data;
  const output = out.data;
  const outWidth = cols.length;
  // Crops and the inner part of pads read a contiguous run of each source row: copy it whole.
  let run = cols.length > 0 && cols[0]! >= 0 ? cols[0]! : -1;
  for (let x = 1; x < outWidth && run >= 0; x++) if (cols[x] !== run + x) run = -1;
  let o = 0;
  if (image.kind === 'raw') {
    const rowLength = width * channels;
    const outRowLength = outWidth * channels;
    for (let y = 0; y < rows.length; y++) {
      const sy = rows[y]!;
      // Upsampling repeats source rows: repeat the finished output row.
      if (y > 0 && sy === rows[y - 1]) {
        output.copyWithin(o, o - outRowLength, o);
        o += outRowLength;
        continue;
      }
      if (sy >= 0 && run >= 0) {
        const from = sy * rowLength + run * channels;
        output.set(input.subarray(from, from + outRowLength), o);
        o += outRowLength;
        continue;
      }
      for (let x = 0; x < outWidth; x++) {
        const sx = cols[x]!;
        if (sy < 0 || sx < 0) {
          for (let c = 0; c < channels; c++) output[o++] = fill[c] ?? 0;
        } else {
          const from = sy * rowLength + sx * channels;
          for (let c = 0; c < channels; c++) output[o++] = input[from + c]!;
        }
      }
    }
    return out;
  }
  for (let c = 0; c < channels; c++) {
    const fillValue = fill[c] ?? 0;
    for (let y = 0; y < rows.length; y++) {
      const sy = rows[y]!;
      if (y > 0 && sy === rows[y - 1]) {
        output.copyWithin(o, o - outWidth, o);
        o += outWidth;
        continue;
      }
      if (sy < 0) {
        output.fill(fillValue, o, o + outWidth);
        o += outWidth;
        continue;
      }
      const rowStart = (c * height + sy) * width;
      if (run >= 0) {
        output.set(input.subarray(rowStart + run, rowStart + run + outWidth), o);
        o += outWidth;
        continue;
      }
      for (let x = 0; x < outWidth; x++) {
        const sx = cols[x]!;
        output[o++] = sx < 0 ? fillValue : input[rowStart + sx]!;
      }
    }
  }
  return out;
}

/**
 * The identity index map `[start, start + 1, ..., start + length - 1]`.
 *
 * @example
 * ```ts
 * rangeIndices(2, 3); // Int32Array [2, 3, 4]
 * ```
 */
export function rangeIndices(start: number, length: number): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = start + i;
  return out;
}
