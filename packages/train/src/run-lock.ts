import { ArgumentError, checkOptions } from '@strata/core';
import { type RunLockHolder, RunLockedError } from './run-locked-error.js';
import { nodeFsPromises } from './node-fs.js';

/** The lock file of a run directory. */
const LOCK_FILE = '.strata.lock';

/**
 * A held run-directory lock; `release` gives it up.
 *
 * @example
 * ```ts
 * const lock = await lockRunDir('runs/a');
 * try { await fit(net, { ..., checkpointDir: 'runs/a' }); } finally { await lock.release(); }
 * ```
 */
export interface RunLock {
  /** The lock file. */
  readonly path: string;
  /** What the lock file records. */
  readonly holder: RunLockHolder;
  /** Removes the lock file, if it is still this lock's. */
  release(): Promise<void>;
}

const random = (): string => Math.random().toString(36).slice(2, 10);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

function parseHolder(text: string): RunLockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<RunLockHolder>;
    return Number.isInteger(h.pid) && typeof h.hostname === 'string' && typeof h.startedAt === 'string'
      ? { pid: h.pid!, hostname: h.hostname, startedAt: h.startedAt, command: String(h.command ?? '') }
      : undefined;
  } catch {
    return undefined;
  }
}

const sameHolder = (a: RunLockHolder | undefined, b: RunLockHolder | undefined): boolean =>
  a !== undefined && b !== undefined && a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;

/**
 * Locks run directory `dir` (which must exist) for this process until `release`: a lock file
 * recording the process id, host, start time and `command`, created atomically (written whole,
 * then hard-linked into place), so two runs can never both hold it. A lock whose process no
 * longer runs on this host (a run that was killed) is stale and taken over; a live one, or one
 * from another host, throws a `RunLockedError` naming its holder. A directory that cannot be
 * written to throws an `ArgumentError` at once, before any long work. Node only.
 *
 * @example
 * ```ts
 * const lock = await lockRunDir('runs/a', { command: 'my-training-script' });
 * try { await fit(net, { ..., checkpointDir: 'runs/a' }); } finally { await lock.release(); }
 * ```
 */
export async function lockRunDir(dir: string, options: { command?: string } = {}): Promise<RunLock> {
  checkOptions('lockRunDir', options, ['command']);
  const fs = nodeFsPromises('lockRunDir');
  const { hostname } = process.getBuiltinModule('node:os');
  const path = `${dir}/${LOCK_FILE}`;
  const holder: RunLockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command: options.command ?? process.argv.slice(1).join(' '),
  };
  const text = `${JSON.stringify(holder)}\n`;
  const read = async (file: string): Promise<RunLockHolder | undefined> =>
    parseHolder(await fs.readFile(file, 'utf8').catch(() => ''));
  const lock: RunLock = {
    path,
    holder,
    release: async () => {
      if (sameHolder(await read(path), holder)) await fs.rm(path, { force: true });
    },
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const temporary = `${path}.tmp-${process.pid}-${random()}`;
    try {
      await fs.writeFile(temporary, text, { flag: 'wx' });
    } catch (error) {
      throw new ArgumentError(
        `lockRunDir: expected a writable directory at '${dir}', got ${(error as Error).message}; create it, fix its permissions, or choose another directory.`,
        { cause: error },
      );
    }
    try {
      await fs.link(temporary, path);
      return lock;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      await fs.rm(temporary, { force: true });
    }
    const current = await read(path);
    if (current === undefined) continue;
    const here = current.hostname === holder.hostname;
    if (!here || current.pid === process.pid || isRunning(current.pid)) {
      const who =
        current.pid === process.pid && here ? 'this process' : `process ${current.pid} on ${current.hostname}`;
      throw new RunLockedError(
        `lockRunDir: expected no other run in '${dir}', got one held by ${who} (${current.command || 'a strata run'}, since ${current.startedAt}); wait for it to end or choose another directory${here ? '' : `, or, if no run is going on there, delete ${path}`}.`,
        current,
      );
    }
    // Stale: its process is gone. Moved aside first, so that of two processes breaking it at
    // once only one succeeds, and one that moved a fresh lock by mistake can put it back.
    const aside = `${path}.tmp-${process.pid}-${random()}`;
    try {
      await fs.rename(path, aside);
    } catch {
      continue;
    }
    if (!sameHolder(await read(aside), current)) await fs.link(aside, path).catch(() => undefined);
    await fs.rm(aside, { force: true });
  }
  throw new RunLockedError(
    `lockRunDir: expected to take the lock of '${dir}', got it taken by other processes three times in a row; try again.`,
    (await read(path)) ?? holder,
  );
}
