import { DatasetError } from '../datasets/dataset-error.js';
import { tooLarge } from './gunzip-sync.js';

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.min(chunk.length, length - offset));
    out.set(part, offset);
    offset += part.length;
    if (offset === length) break;
  }
  return out;
}

/**
 * @internal Decompresses gzip bytes with the web-standard `DecompressionStream`, so it works in
 * browsers as well as in Node. Reads the output chunk by chunk: once `headLength` bytes are in,
 * `limitOf(head)` bounds the rest, and the stream is cancelled as soon as it passes the bound.
 * `file` names the source in error messages.
 *
 * @example
 * ```ts
 * const raw = await gunzip(bytes, 'labels.gz', 8, (head) => idxSizeLimit(head, 'labels', 'labels.gz', MAX_IDX_BYTES));
 * ```
 */
export async function gunzip(
  bytes: Uint8Array,
  file: string,
  headLength: number,
  limitOf: (head: Uint8Array) => number,
): Promise<Uint8Array> {
  // A Blob takes views of ArrayBuffers only; these bytes never live in a SharedArrayBuffer.
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let limit: number | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (limit === undefined && total >= headLength) limit = limitOf(concat(chunks, headLength));
      if (limit !== undefined && total > limit) throw tooLarge('gunzip', file, limit);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      `gunzip: expected complete gzip data in ${file}, got data that fails to decompress (${(error as Error).message}); the file is truncated or corrupt, download it again.`,
    );
  }
  // Shorter than a header: limitOf reports the truncation in the reader's words.
  if (limit === undefined) limitOf(concat(chunks, total));
  return concat(chunks, total);
}
