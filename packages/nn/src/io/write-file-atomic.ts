import { describeFsError, nodeFs } from './node-fs.js';
import { SafetensorsError } from './safetensors-error.js';

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file beside `path`, are
 * flushed to disk, then renamed over `path`, so a crash or an error leaves either the old file
 * or the new one, never a partial file (and no temporary file). Node only. `fn` names the
 * caller in the error, which says that nothing was written.
 *
 * @example
 * ```ts
 * await writeFileAtomic('runs/a/metrics.csv', 'epoch,loss\n1,0.5\n');
 * ```
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, fn = 'writeFileAtomic'): Promise<void> {
  const fs = await nodeFs(fn);
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
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
}
