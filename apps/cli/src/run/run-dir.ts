import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStaleTemporaries } from '@strata/nn';
import { lockRunDir, type RunLock } from '@strata/train';
import { UsageError } from '../usage-error.js';

/** What `strata train` writes into a run directory (and `strata eval`, the confusion matrix). */
const RUN_FILES = [
  'config.json',
  'last.safetensors',
  'best.safetensors',
  'metrics.jsonl',
  'metrics.csv',
  'curves.svg',
  'curves.png',
  'confusion.svg',
  'confusion.png',
];

/**
 * How `strata train` may use its run directory: a new run needs an empty (or absent) one,
 * `overwrite` replaces the run files of an earlier run, `resume` continues the run there.
 *
 * @example
 * ```ts
 * const mode: RunDirMode = 'resume';
 * ```
 */
export type RunDirMode = 'new' | 'overwrite' | 'resume';

/**
 * Creates (if needed) and locks the run directory `dir` for the life of a run, before any long
 * work: an unwritable directory fails here, another run holding it fails with its process id,
 * and a new run refuses a directory that holds anything (`overwrite` removes an earlier run's
 * files first). The lock is released by the returned `RunLock`.
 *
 * @example
 * ```ts
 * const lock = await openRunDir('runs/a', 'new');
 * try { ... } finally { await lock.release(); }
 * ```
 */
export async function openRunDir(dir: string, mode: RunDirMode): Promise<RunLock> {
  if (mode !== 'resume') {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new UsageError(
        `expected --out to be a directory strata can create, got '${dir}' (${(error as Error).message}); choose another path.`,
      );
    }
  }
  let lock: RunLock;
  try {
    lock = await lockRunDir(dir, { command: `strata train (${mode === 'resume' ? '--resume' : '--out'} ${dir})` });
  } catch (error) {
    if ((error as Error).name === 'ArgumentError') {
      throw new UsageError(
        `expected ${mode === 'resume' ? '--resume' : '--out'} to be a writable directory, got '${dir}': ${(error as Error).message}`,
      );
    }
    throw error;
  }
  try {
    if (mode === 'new') {
      const present = (await readdir(dir)).filter((name) => join(dir, name) !== lock.path);
      if (present.length > 0) {
        const run = present.some((name) => RUN_FILES.includes(name));
        throw new UsageError(
          `expected --out to be a new or empty directory, got '${dir}' holding ${run ? 'a run' : 'other files'} (${present.slice(0, 4).join(', ')}${present.length > 4 ? ', ...' : ''}); continue it with --resume ${dir}, replace it with --overwrite, or choose another --out.`,
        );
      }
    }
    if (mode === 'overwrite') {
      for (const name of await readdir(dir)) if (RUN_FILES.includes(name)) await rm(join(dir, name), { force: true });
      await removeStaleTemporaries(dir);
    }
  } catch (error) {
    await lock.release();
    throw error;
  }
  return lock;
}
