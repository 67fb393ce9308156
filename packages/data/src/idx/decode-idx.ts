import { gunzip } from './gunzip.js';
import { idxSizeLimit, MAX_IDX_BYTES } from './idx-size-limit.js';
import { isGzip } from './is-gzip.js';
import { type IdxImages, type IdxKind, type IdxLabels, idxHeaderLength, parseIdx } from './parse-idx.js';

/**
 * Parses an IDX file, gzip-compressed or not (detected by the `1f 8b` magic), from bytes
 * already in memory: what a browser has after `fetch`. Decompression uses
 * `DecompressionStream`, hence the promise, and stops at the size the file's IDX header declares
 * (at most 2 GiB), so corrupt or hostile gzip data fails before it fills memory.
 *
 * @example
 * ```ts
 * const response = await fetch('/data/t10k-images-idx3-ubyte.gz');
 * const images = await decodeIdx(await response.arrayBuffer(), 'images', 't10k-images-idx3-ubyte.gz');
 * images.count; // 10000
 * ```
 */
export async function decodeIdx(input: ArrayBuffer | Uint8Array, kind: 'images', file?: string): Promise<IdxImages>;
export async function decodeIdx(input: ArrayBuffer | Uint8Array, kind: 'labels', file?: string): Promise<IdxLabels>;
export async function decodeIdx(
  input: ArrayBuffer | Uint8Array,
  kind: IdxKind,
  file?: string,
): Promise<IdxImages | IdxLabels>;
export async function decodeIdx(
  input: ArrayBuffer | Uint8Array,
  kind: IdxKind,
  file?: string,
): Promise<IdxImages | IdxLabels> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  return decodeIdxBytes(bytes, kind, file ?? 'the IDX data', MAX_IDX_BYTES);
}

/**
 * @internal `decodeIdx` with a caller's bound on the file's size (a data set's known size): a
 * header declaring more is refused before the rest is inflated.
 *
 * @example
 * ```ts
 * await decodeIdxBytes(await readFile(path), 'labels', path, 60_008);
 * ```
 */
export async function decodeIdxBytes(
  bytes: Uint8Array,
  kind: IdxKind,
  file: string,
  maxBytes: number,
): Promise<IdxImages | IdxLabels> {
  const limitOf = (head: Uint8Array) => idxSizeLimit(head, kind, file, maxBytes);
  if (!isGzip(bytes)) {
    limitOf(bytes);
    return parseIdx(bytes, kind, file);
  }
  return parseIdx(await gunzip(bytes, file, idxHeaderLength(kind), limitOf), kind, file);
}
