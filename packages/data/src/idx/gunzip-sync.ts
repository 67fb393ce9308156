import { DatasetError } from '../datasets/dataset-error.js';
import { requireNode } from '../datasets/node-builtins.js';

/**
 * Decompresses gzip bytes synchronously with Node's zlib. Node only: in a browser use the
 * asynchronous `gunzip`. `file` names the source in error messages.
 *
 * @example
 * ```ts
 * const raw = gunzipSync(readFileSync('train-labels-idx1-ubyte.gz'));
 * ```
 */
export function gunzipSync(bytes: Uint8Array, file = 'the gzip data'): Uint8Array {
  const { zlib } = requireNode('gunzipSync', 'in a browser, use the asynchronous gunzip (DecompressionStream).');
  try {
    return zlib.gunzipSync(bytes);
  } catch (error) {
    throw new DatasetError(
      `gunzipSync: expected complete gzip data in ${file}, got data that fails to decompress (${(error as Error).message}); the file is truncated or corrupt, download it again.`,
    );
  }
}
