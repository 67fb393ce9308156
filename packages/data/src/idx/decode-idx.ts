import { gunzip } from './gunzip.js';
import { isGzip } from './is-gzip.js';
import { type IdxImages, type IdxKind, type IdxLabels, parseIdx } from './parse-idx.js';

/**
 * Parses an IDX file, gzip-compressed or not (detected by the `1f 8b` magic), from bytes
 * already in memory: what a browser has after `fetch`. Decompression uses
 * `DecompressionStream`, hence the promise.
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
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, file) : bytes, kind, file);
}
