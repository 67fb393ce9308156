import { gunzipSync } from './gunzip-sync.js';
import { isGzip } from './is-gzip.js';
import { type IdxImages, type IdxKind, type IdxLabels, parseIdx } from './parse-idx.js';

/**
 * Parses an IDX file, gzip-compressed or not (detected by the `1f 8b` magic), synchronously.
 * Compressed input needs Node's zlib; in a browser use `decodeIdx`.
 *
 * @example
 * ```ts
 * const labels = decodeIdxSync(readFileSync('train-labels-idx1-ubyte.gz'), 'labels');
 * labels.count; // 60000
 * ```
 */
export function decodeIdxSync(input: ArrayBuffer | Uint8Array, kind: 'images', file?: string): IdxImages;
export function decodeIdxSync(input: ArrayBuffer | Uint8Array, kind: 'labels', file?: string): IdxLabels;
export function decodeIdxSync(input: ArrayBuffer | Uint8Array, kind: IdxKind, file?: string): IdxImages | IdxLabels;
export function decodeIdxSync(input: ArrayBuffer | Uint8Array, kind: IdxKind, file?: string): IdxImages | IdxLabels {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  return parseIdx(isGzip(bytes) ? gunzipSync(bytes, file) : bytes, kind, file);
}
