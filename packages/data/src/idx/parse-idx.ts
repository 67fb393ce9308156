import { DatasetError } from '../datasets/dataset-error.js';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from './idx-magic.js';
import { isGzip } from './is-gzip.js';

/**
 * Which of the two MNIST-style IDX files: `count x rows x cols` images or `count` labels.
 *
 * @example
 * ```ts
 * const labels = parseIdx(bytes, 'labels'); // labels.count, labels.data
 * ```
 */
export type IdxKind = 'images' | 'labels';

/**
 * The images of an IDX file: `count` images of `rows x cols` unsigned bytes, row-major, one
 * after the other in `data`.
 *
 * @example
 * ```ts
 * const { count, rows, cols, data } = parseIdx(bytes, 'images');
 * const first = data.subarray(0, rows * cols);
 * ```
 */
export interface IdxImages {
  readonly kind: 'images';
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly data: Uint8Array;
}

/**
 * The labels of an IDX file: `count` unsigned bytes.
 *
 * @example
 * ```ts
 * const { count, data } = parseIdx(bytes, 'labels');
 * ```
 */
export interface IdxLabels {
  readonly kind: 'labels';
  readonly count: number;
  readonly data: Uint8Array;
}

/**
 * Parses uncompressed IDX bytes (the format of MNIST and Fashion-MNIST): a big-endian magic
 * number (`0x00000803` for images, `0x00000801` for labels), the big-endian dimensions, then the
 * bytes. `data` is a view into `bytes`, not a copy. `file` names the source in error messages.
 * Gzip-compressed input is an error here: use `decodeIdx` or `decodeIdxSync`.
 *
 * @example
 * ```ts
 * const labels = parseIdx(readFileSync('t10k-labels-idx1-ubyte'), 'labels', 't10k-labels-idx1-ubyte');
 * labels.count; // 10000
 * ```
 */
export function parseIdx(bytes: Uint8Array, kind: 'images', file?: string): IdxImages;
export function parseIdx(bytes: Uint8Array, kind: 'labels', file?: string): IdxLabels;
export function parseIdx(bytes: Uint8Array, kind: IdxKind, file?: string): IdxImages | IdxLabels;
export function parseIdx(bytes: Uint8Array, kind: IdxKind, file = 'the IDX data'): IdxImages | IdxLabels {
  if (isGzip(bytes)) {
    throw new DatasetError(
      `parseIdx: expected uncompressed IDX ${kind} in ${file}, got gzip data (it starts with 1f 8b); decompress it first, or read it with decodeIdx / decodeIdxSync.`,
    );
  }
  const { dims, header, byteLength: expected } = readIdxHeader(bytes, kind, file);
  if (bytes.length !== expected) {
    const layout = kind === 'images' ? `${dims[0]} images of ${dims[1]} x ${dims[2]}` : `${dims[0]} labels`;
    throw new DatasetError(
      `parseIdx: expected ${expected} bytes in ${file} (a ${header}-byte header and ${layout}), got ${bytes.length}; ${
        bytes.length < expected
          ? 'the file is truncated'
          : `it has ${bytes.length - expected} bytes too many and is corrupt`
      }, download it again.`,
    );
  }
  const payload = expected - header;
  // A plain Uint8Array view even when the input is a Node Buffer, so samples look the same
  // whatever read them.
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + header, payload);
  if (kind === 'labels') return { kind, count: dims[0]!, data };
  return { kind, count: dims[0]!, rows: dims[1]!, cols: dims[2]!, data };
}

/** @internal The header length of an IDX file of `kind`: the magic number and the dimensions. */
export const idxHeaderLength = (kind: IdxKind): number => (kind === 'images' ? 16 : 8);

/**
 * @internal Checks the magic number of the IDX `kind` at the start of `bytes` (at least the
 * header; more is ignored) and returns the dimensions and the byte length the whole file must
 * have, so a reader can bound what it decompresses before it does.
 */
export function readIdxHeader(
  bytes: Uint8Array,
  kind: IdxKind,
  file = 'the IDX data',
): { dims: number[]; header: number; byteLength: number } {
  const rank = kind === 'images' ? 3 : 1;
  const header = idxHeaderLength(kind);
  const magic = kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
  const truncatedHeader = () =>
    new DatasetError(
      `parseIdx: expected IDX ${kind} in ${file} to start with a ${header}-byte header, got ${bytes.length} bytes; the file is truncated, download it again.`,
    );
  if (bytes.length < 4) throw truncatedHeader();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) {
    throw new DatasetError(
      `parseIdx: expected magic number ${hex(magic)} (IDX ${kind}) at the start of ${file}, got ${hex(found)} (${describeMagic(found)}); ${
        found === IDX_IMAGES_MAGIC || found === IDX_LABELS_MAGIC
          ? `pass the ${kind} file, not the ${kind === 'images' ? 'labels' : 'images'} file.`
          : 'the file is not an original MNIST-style IDX file (a download cut short or an HTML error page looks like this); download it again.'
      }`,
    );
  }
  if (bytes.length < header) throw truncatedHeader();
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dims, header, byteLength: header + dims.reduce((a, b) => a * b, 1) };
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

function describeMagic(magic: number): string {
  if (magic === IDX_IMAGES_MAGIC) return 'IDX images';
  if (magic === IDX_LABELS_MAGIC) return 'IDX labels';
  if (magic >>> 16 === 0)
    return `IDX data of type 0x${((magic >>> 8) & 0xff).toString(16).padStart(2, '0')} with ${magic & 0xff} dimension${(magic & 0xff) === 1 ? '' : 's'}`;
  return 'not an IDX header';
}
