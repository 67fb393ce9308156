import { ArgumentError } from '@strata/core';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from './idx-magic.js';
import type { IdxImages, IdxLabels } from './parse-idx.js';

/**
 * The uncompressed IDX bytes of images or labels: the inverse of `parseIdx`. Handy for writing
 * MNIST-format subsets and test fixtures.
 *
 * @example
 * ```ts
 * const bytes = encodeIdx({ kind: 'labels', count: 3, data: new Uint8Array([7, 2, 1]) });
 * parseIdx(bytes, 'labels').data; // Uint8Array [7, 2, 1]
 * ```
 */
export function encodeIdx(idx: IdxImages | IdxLabels): Uint8Array {
  const dims = idx.kind === 'images' ? [idx.count, idx.rows, idx.cols] : [idx.count];
  const payload = dims.reduce((a, b) => a * b, 1);
  if (dims.some((d) => !Number.isInteger(d) || d < 0 || d > 0xffffffff) || idx.data.length !== payload) {
    throw new ArgumentError(
      `encodeIdx: expected ${idx.kind} with integer dimensions and ${dims.join(' x ')} = ${payload} bytes of data, got dimensions [${dims.join(', ')}] and ${idx.data.length} bytes.`,
    );
  }
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + payload);
  const view = new DataView(out.buffer);
  view.setUint32(0, idx.kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC, false);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d, false);
  out.set(idx.data, header);
  return out;
}
