import { ArgumentError } from '@strata/core';
import type { Image } from '../types.js';
import { describeImage } from './image-checks.js';
import { imageDims } from './image-dims.js';
import type { PaddingMode } from './padding-mode.js';
import { remapImage } from './remap-image.js';

// Source index of padded position `i` along an axis of `size` pixels padded by `before`; -1
// means "use the fill".
function padIndices(size: number, before: number, after: number, mode: PaddingMode): Int32Array {
  const out = new Int32Array(before + size + after);
  for (let i = 0; i < out.length; i++) {
    const s = i - before;
    if (s >= 0 && s < size) out[i] = s;
    else if (mode === 'constant') out[i] = -1;
    else if (mode === 'edge') out[i] = s < 0 ? 0 : size - 1;
    else if (mode === 'reflect') out[i] = s < 0 ? -s : 2 * (size - 1) - s;
    else out[i] = s < 0 ? -s - 1 : 2 * size - 1 - s;
  }
  return out;
}

/**
 * Pads an image by `[left, top, right, bottom]` pixels (torchvision's `F.pad` on tensors).
 * `'reflect'` needs each padding smaller than that side of the image and `'symmetric'` at most
 * as large, as in torchvision.
 *
 * @example
 * ```ts
 * const padded = padImage('Pad', img, [4, 4, 4, 4], [0], 'constant');
 * ```
 */
export function padImage<T extends Image>(
  op: string,
  image: T,
  ltrb: readonly [number, number, number, number],
  fill: readonly number[],
  mode: PaddingMode,
): T {
  const { height, width } = imageDims(image);
  const [left, top, right, bottom] = ltrb;
  const limit = mode === 'reflect' ? 1 : 0;
  if (
    (mode === 'reflect' || mode === 'symmetric') &&
    (Math.max(left, right) > width - limit || Math.max(top, bottom) > height - limit)
  ) {
    const relation = mode === 'reflect' ? 'smaller than' : 'at most';
    throw new ArgumentError(
      `${op}: expected ${mode} padding ${relation} the image size on each side (height ${height}, width ${width}), got [left ${left}, top ${top}, right ${right}, bottom ${bottom}] for ${describeImage(image)}; use less padding or paddingMode 'edge' or 'constant'.`,
    );
  }
  return remapImage(image, padIndices(height, top, bottom, mode), padIndices(width, left, right, mode), fill);
}
