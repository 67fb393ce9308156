import { DatasetError } from '../datasets/dataset-error.js';
import { type IdxKind, readIdxHeader } from './parse-idx.js';

/**
 * @internal The most bytes an IDX file may decompress to when the caller knows no tighter bound:
 * 2 GiB, far above any MNIST-style data set, and within what every runtime can allocate.
 */
export const MAX_IDX_BYTES = 2 ** 31;

/**
 * @internal The byte length the IDX header at the start of `head` declares, which is what the
 * whole file must decompress to; throws when it is over `maxBytes`, before anything is inflated.
 */
export function idxSizeLimit(head: Uint8Array, kind: IdxKind, file: string, maxBytes: number): number {
  const { dims, byteLength } = readIdxHeader(head, kind, file);
  if (byteLength > maxBytes) {
    throw new DatasetError(
      `decodeIdx: expected ${file} to hold at most ${maxBytes} bytes, got an IDX header declaring ${byteLength} (dimensions ${dims.join(' x ')}); the file is corrupt or belongs to another data set, download it again.`,
    );
  }
  return byteLength;
}
