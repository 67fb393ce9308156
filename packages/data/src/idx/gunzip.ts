import { DatasetError } from '../datasets/dataset-error.js';

/**
 * Decompresses gzip bytes with the web-standard `DecompressionStream`, so it works in browsers
 * as well as in Node. `file` names the source in error messages.
 *
 * @example
 * ```ts
 * const raw = await gunzip(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 * ```
 */
export async function gunzip(bytes: Uint8Array, file = 'the gzip data'): Promise<Uint8Array> {
  // A Blob takes views of ArrayBuffers only; these bytes never live in a SharedArrayBuffer.
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new DatasetError(
      `gunzip: expected complete gzip data in ${file}, got data that fails to decompress (${(error as Error).message}); the file is truncated or corrupt, download it again.`,
    );
  }
}
