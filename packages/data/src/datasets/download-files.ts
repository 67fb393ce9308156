import { ArgumentError } from '@strata/core';
import { isGzip } from '../idx/is-gzip.js';
import { DatasetError } from './dataset-error.js';
import type { IdxDatasetSpec, IdxFileSpec } from './idx-dataset-spec.js';
import { type NodeBuiltins, requireNode } from './node-builtins.js';
import { findIdxFile } from './resolve-source.js';

/**
 * @internal Downloads every file of `spec` (both splits, like torchvision) that `dir` lacks,
 * trying `mirrors` in order. Each file is checked against its MD5 before anything touches the
 * disk, then written to a temporary file in `dir` and renamed into place, so `dir` never holds a
 * partial or unverified file, even when two processes download at once.
 */
export async function downloadFiles(spec: IdxDatasetSpec, dir: string, mirrors: readonly string[]): Promise<void> {
  const node = requireNode(`${spec.name}.load`, 'downloading needs Node (fs and crypto).');
  if (
    !Array.isArray(mirrors) ||
    mirrors.length === 0 ||
    mirrors.some((m) => typeof m !== 'string' || !/^https?:\/\//.test(m))
  ) {
    throw new ArgumentError(
      `${spec.name}.load: expected mirrors to be a non-empty array of http(s) base URLs, got ${JSON.stringify(mirrors)}.`,
    );
  }
  const files = [spec.train.images, spec.train.labels, spec.test.images, spec.test.labels];
  for (const file of files) {
    if (node.fs.existsSync(dir) && findIdxFile(dir, file.name) !== undefined) continue;
    const failures: string[] = [];
    let bytes: Uint8Array | undefined;
    for (const mirror of mirrors) {
      const url = new URL(`${file.name}.gz`, mirror.endsWith('/') ? mirror : `${mirror}/`).href;
      const attempt = await fetchVerified(node, url, file);
      if (typeof attempt === 'string') failures.push(`  - ${url}: ${attempt}`);
      else {
        bytes = attempt;
        break;
      }
    }
    if (bytes === undefined) {
      throw new DatasetError(
        `${spec.name}.load: expected ${file.name}.gz from one of the mirrors, got:\n${failures.join('\n')}\n${file.name} was not saved in ${dir}. To fix: check the network connection, or pass other base URLs in { mirrors: [...] }.`,
      );
    }
    writeAtomically(node, `${spec.name}.load`, dir, isGzip(bytes) ? `${file.name}.gz` : file.name, bytes);
  }
}

/** The verified bytes at `url`, or why they were rejected. */
async function fetchVerified(node: NodeBuiltins, url: string, file: IdxFileSpec): Promise<Uint8Array | string> {
  let bytes: Uint8Array;
  try {
    const response = await fetch(url);
    if (!response.ok) return `HTTP ${response.status} ${response.statusText}`;
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return `request failed (${(error as Error).message})`;
  }
  const md5 = (data: Uint8Array) => node.crypto.createHash('md5').update(data).digest('hex');
  const got = md5(bytes);
  if (got === file.md5) return bytes;
  const mismatch = `checksum mismatch: MD5 ${got}, expected`;
  if (!isGzip(bytes)) {
    return got === file.rawMd5 ? bytes : `${mismatch} ${file.rawMd5} (uncompressed) or ${file.md5} (gzip)`;
  }
  // Distributions recompress the files (other gzip headers), so a gzip file whose content
  // matches the original's checksum is as good as the original.
  let raw: Uint8Array;
  try {
    raw = node.zlib.gunzipSync(bytes);
  } catch (error) {
    return `${mismatch} ${file.md5}, and the gzip data does not decompress (${(error as Error).message})`;
  }
  const gotRaw = md5(raw);
  return gotRaw === file.rawMd5
    ? bytes
    : `${mismatch} ${file.md5}, and the uncompressed content has MD5 ${gotRaw}, expected ${file.rawMd5}`;
}

function writeAtomically(node: NodeBuiltins, caller: string, dir: string, name: string, bytes: Uint8Array): void {
  const { fs, path, crypto } = node;
  fs.mkdirSync(dir, { recursive: true });
  // The temporary file sits in the target directory so that the rename stays on one file
  // system and is atomic.
  const temp = path.join(dir, `.${name}.${crypto.randomUUID()}.part`);
  try {
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, path.join(dir, name));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new DatasetError(
      `${caller}: expected to write ${name} into ${dir}, got ${(error as Error).message}; check that the directory is writable, or pass another root.`,
    );
  }
}
