import { describeFsError, nodeFs } from './node-fs.js';
import { SafetensorsError } from './safetensors-error.js';
import { temporaryPath } from './temporary-path.js';

/**
 * Writes `data` to `path` atomically and durably: the bytes go to a temporary file beside
 * `path`, are flushed to disk, renamed over `path`, and the directory is flushed too, so a crash
 * or an error leaves either the old file or the new one, never a partial file, and once it
 * returns the new file survives a power cut. An error removes the temporary file; a crash
 * leaves it, for `removeStaleTemporaries` at the next start. Node only. `fn` names the caller in
 * the error, which says that nothing was written.
 *
 * @example
 * ```ts
 * await writeFileAtomic('runs/a/metrics.csv', 'epoch,loss\n1,0.5\n');
 * ```
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, fn = 'writeFileAtomic'): Promise<void> {
  const fs = await nodeFs(fn);
  const temporary = temporaryPath(path);
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(temporary, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw new SafetensorsError(
      `${fn}: expected a writable path, got ${describeFsError(error)} for '${path}'; nothing was written and any existing file is unchanged.`,
      { cause: error },
    );
  }
  await syncDirectory(fs, dirname(path), fn);
}

function dirname(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash < 0 ? '.' : slash === 0 ? path.slice(0, 1) : path.slice(0, slash);
}

/**
 * Flushes the directory entry a rename created. Platforms that cannot open a directory (Windows)
 * refuse at `open` and have nothing to flush; a failing flush where it is possible is an error.
 */
async function syncDirectory(fs: typeof import('node:fs/promises'), dir: string, fn: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof fs.open>>;
  try {
    handle = await fs.open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    throw new SafetensorsError(
      `${fn}: expected to flush the directory '${dir}' after a rename, got ${describeFsError(error)}; the new file may not survive a crash of the machine.`,
      { cause: error },
    );
  } finally {
    await handle.close();
  }
}
