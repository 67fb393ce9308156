import { DatasetError } from '../datasets/dataset-error.js';
import { requireNode } from '../datasets/node-builtins.js';

// Enough compressed bytes to inflate any header, yet at most about 1 MB of output (deflate's
// best ratio is about 1032:1), so peeking at a decompression bomb costs nothing.
const PEEK_BYTES = 1024;

/**
 * @internal Decompresses gzip bytes synchronously with Node's zlib, never producing more than
 * `limitOf(head)` bytes, where `head` is the start of the output: a file that inflates past its
 * own declared size fails as soon as it does, not after filling memory. `file` names the source
 * in error messages. Node only: in a browser use the asynchronous `gunzip`.
 *
 * @example
 * ```ts
 * const raw = gunzipSync(readFileSync('train-labels-idx1-ubyte.gz'), 'labels.gz', (head) => idxSizeLimit(head, 'labels', 'labels.gz', MAX_IDX_BYTES));
 * ```
 */
export function gunzipSync(bytes: Uint8Array, file: string, limitOf: (head: Uint8Array) => number): Uint8Array {
  const { zlib } = requireNode('gunzipSync', 'in a browser, use the asynchronous gunzip (DecompressionStream).');
  const corrupt = (error: unknown) =>
    new DatasetError(
      `gunzipSync: expected complete gzip data in ${file}, got data that fails to decompress (${(error as Error).message}); the file is truncated or corrupt, download it again.`,
    );
  let head: Uint8Array;
  try {
    head = zlib.gunzipSync(bytes.subarray(0, PEEK_BYTES), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (error) {
    throw corrupt(error);
  }
  const limit = limitOf(head);
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: Math.max(1, limit) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('gunzipSync', file, limit);
    throw corrupt(error);
  }
}

/** @internal The error for gzip data that inflates past the size it must have. */
export function tooLarge(fn: string, file: string, limit: number): DatasetError {
  return new DatasetError(
    `${fn}: expected ${file} to decompress to ${limit} bytes, as its IDX header declares, got more; the file is corrupt (or a decompression bomb), download it again.`,
  );
}
