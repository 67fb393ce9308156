import { gunzipSync } from './gunzip-sync.js';
import { idxSizeLimit, MAX_IDX_BYTES } from './idx-size-limit.js';
import { isGzip } from './is-gzip.js';
import { type IdxImages, type IdxKind, type IdxLabels, parseIdx } from './parse-idx.js';

/**
 * Parses an IDX file, gzip-compressed or not (detected by the `1f 8b` magic), synchronously.
 * Compressed input needs Node's zlib; in a browser use `decodeIdx`. Decompression stops at the
 * size the file's IDX header declares (at most 2 GiB), so corrupt or hostile gzip data fails
 * before it fills memory.
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
  return decodeIdxBytesSync(bytes, kind, file ?? 'the IDX data', MAX_IDX_BYTES);
}

/**
 * @internal `decodeIdxSync` with a caller's bound on the file's size (a data set's known size):
 * a header declaring more is refused before anything is inflated.
 *
 * @example
 * ```ts
 * decodeIdxBytesSync(readFileSync(path), 'labels', path, 60_008);
 * ```
 */
export function decodeIdxBytesSync(
  bytes: Uint8Array,
  kind: IdxKind,
  file: string,
  maxBytes: number,
): IdxImages | IdxLabels {
  if (!isGzip(bytes)) {
    idxSizeLimit(bytes, kind, file, maxBytes);
    return parseIdx(bytes, kind, file);
  }
  return parseIdx(
    gunzipSync(bytes, file, (head) => idxSizeLimit(head, kind, file, maxBytes)),
    kind,
    file,
  );
}
