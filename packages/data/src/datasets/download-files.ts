import { ArgumentError } from '@strata/core';
import { isGzip } from '../idx/is-gzip.js';
import { DatasetError } from './dataset-error.js';
import { type DownloadProgress, stderrProgress } from './download-progress.js';
import { httpGet } from './http-get.js';
import type { IdxDatasetSpec, IdxFileSpec } from './idx-dataset-spec.js';
import { type NodeBuiltins, requireNode } from './node-builtins.js';
import { findIdxFile } from './resolve-source.js';

/** @internal How `downloadFiles` fetches: where from, how patiently, and who hears about it. */
export interface DownloadSettings {
  /** Base URLs, tried in order for each file until one gives verified bytes. */
  readonly mirrors: readonly string[];
  /** Milliseconds a request may go without data from the server before the next mirror is tried. */
  readonly timeout: number;
  /** `true` draws a bar on stderr, `false` nothing; a function receives every update. */
  readonly progress: boolean | ((progress: DownloadProgress) => void);
}

/** @internal The most a gzip file can exceed its content by: stored blocks' framing and a header. */
const gzipBound = (rawSize: number): number => rawSize + Math.ceil(rawSize / 1000) + 1024;

/** @internal Throws unless `settings` are usable; `name` starts the message. */
export function checkDownloadSettings(name: string, settings: DownloadSettings): void {
  const { mirrors, timeout, progress } = settings;
  if (
    !Array.isArray(mirrors) ||
    mirrors.length === 0 ||
    mirrors.some((m) => typeof m !== 'string' || !/^https?:\/\//.test(m))
  ) {
    throw new ArgumentError(
      `${name}: expected mirrors to be a non-empty array of http(s) base URLs, got ${JSON.stringify(mirrors)}.`,
    );
  }
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new ArgumentError(`${name}: expected timeout to be a number of milliseconds > 0, got ${String(timeout)}.`);
  }
  if (typeof progress !== 'boolean' && typeof progress !== 'function') {
    throw new ArgumentError(`${name}: expected progress to be a boolean or a function, got ${String(progress)}.`);
  }
}

/**
 * @internal Downloads every file of `spec` (both splits, like torchvision) that `dir` lacks,
 * trying the mirrors in order: any failure of one (status, timeout, a body larger than the file
 * can be, a checksum mismatch) moves on to the next. Each file is checked against its MD5
 * before anything touches the disk, then written to a temporary file in `dir` and renamed into
 * place, so `dir` never holds a partial or unverified file, even when two processes download at
 * once.
 */
export async function downloadFiles(spec: IdxDatasetSpec, dir: string, settings: DownloadSettings): Promise<void> {
  const caller = `${spec.name}.load`;
  const node = requireNode(caller, 'downloading needs Node (fs, http and crypto).');
  checkDownloadSettings(caller, settings);
  const report =
    typeof settings.progress === 'function'
      ? settings.progress
      : settings.progress
        ? stderrProgress(process.stderr)
        : () => {};
  const files = [spec.train.images, spec.train.labels, spec.test.images, spec.test.labels];
  for (const file of files) {
    if (node.fs.existsSync(dir) && findIdxFile(dir, file.name, caller) !== undefined) continue;
    const failures: string[] = [];
    let bytes: Uint8Array | undefined;
    for (const mirror of settings.mirrors) {
      const url = new URL(`${file.name}.gz`, mirror.endsWith('/') ? mirror : `${mirror}/`).href;
      const attempt = await fetchVerified(node, url, file, settings.timeout, report);
      if (typeof attempt === 'string') failures.push(`  - ${url}: ${attempt}`);
      else {
        bytes = attempt;
        break;
      }
    }
    if (bytes === undefined) {
      throw new DatasetError(
        `${caller}: expected ${file.name}.gz from one of the mirrors, got:\n${failures.join('\n')}\n${file.name} was not saved in ${dir}. To fix: check the network connection, or pass other base URLs in { mirrors: [...] }.`,
      );
    }
    writeAtomically(node, caller, dir, isGzip(bytes) ? `${file.name}.gz` : file.name, bytes);
  }
}

/** The verified bytes at `url`, or why they were rejected. */
async function fetchVerified(
  node: NodeBuiltins,
  url: string,
  file: IdxFileSpec,
  timeout: number,
  report: (progress: DownloadProgress) => void,
): Promise<Uint8Array | string> {
  const name = `${file.name}.gz`;
  let bytes: Uint8Array;
  try {
    bytes = await httpGet(node, url, {
      timeout,
      maxBytes: gzipBound(file.rawSize),
      onData: (received, total) => report({ file: name, url, received, total, done: false }),
    });
  } catch (error) {
    return (error as Error).message;
  }
  const md5 = (data: Uint8Array) => node.crypto.createHash('md5').update(data).digest('hex');
  const verified = (): Uint8Array => {
    report({ file: name, url, received: bytes.length, total: bytes.length, done: true });
    return bytes;
  };
  const got = md5(bytes);
  if (got === file.md5) return verified();
  const mismatch = `checksum mismatch: MD5 ${got}, expected`;
  if (!isGzip(bytes)) {
    return got === file.rawMd5 ? verified() : `${mismatch} ${file.rawMd5} (uncompressed) or ${file.md5} (gzip)`;
  }
  // Distributions recompress the files (other gzip headers), so a gzip file whose content
  // matches the original's checksum is as good as the original.
  let raw: Uint8Array;
  try {
    raw = node.zlib.gunzipSync(bytes, { maxOutputLength: file.rawSize });
  } catch (error) {
    const why =
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        ? `inflates to more than the ${file.rawSize} bytes of ${file.name}`
        : `does not decompress (${(error as Error).message})`;
    return `${mismatch} ${file.md5}, and the gzip data ${why}`;
  }
  const gotRaw = md5(raw);
  return gotRaw === file.rawMd5
    ? verified()
    : `${mismatch} ${file.md5}, and the uncompressed content has MD5 ${gotRaw}, expected ${file.rawMd5}`;
}

function writeAtomically(node: NodeBuiltins, caller: string, dir: string, name: string, bytes: Uint8Array): void {
  const { fs, path, crypto } = node;
  // The temporary file sits in the target directory so that the rename stays on one file
  // system and is atomic; both are flushed, so a crash cannot leave a named but empty file.
  const temp = path.join(dir, `.${name}.${crypto.randomUUID()}.part`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path.join(dir, name));
    syncDirectory(fs, dir);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new DatasetError(
      `${caller}: expected to write ${name} into ${dir}, got ${(error as Error).message}; check that the directory is writable, or pass another root.`,
    );
  }
}

/** Flushes a directory's entries (a rename into it); platforms that cannot open one skip it. */
function syncDirectory(fs: NodeBuiltins['fs'], dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
