import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { lockRunDir } from './run-lock.js';
import { RunLockedError } from './run-locked-error.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'strata-lock-'));

/** The id of a process that has exited: a stale lock's. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

const lockFile = (dir: string) => join(dir, '.strata.lock');

describe('lockRunDir', () => {
  it('records who holds the lock, refuses a second holder, and frees it on release', async () => {
    const dir = tmp();
    const lock = await lockRunDir(dir, { command: 'strata train' });
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8'))).toEqual({
      pid: process.pid,
      hostname: hostname(),
      startedAt: lock.holder.startedAt,
      command: 'strata train',
    });
    const error = await lockRunDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunLockedError);
    expect((error as RunLockedError).holder.pid).toBe(process.pid);
    expect((error as Error).message).toBe(
      `lockRunDir: expected no other run in '${dir}', got one held by this process (strata train, since ${lock.holder.startedAt}); wait for it to end or choose another directory.`,
    );
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
    await (await lockRunDir(dir)).release();
  });

  it('takes over the lock of a process that no longer runs', async () => {
    const dir = tmp();
    const pid = deadPid();
    writeFileSync(lockFile(dir), JSON.stringify({ pid, hostname: hostname(), startedAt: 'then', command: 'killed' }));
    const lock = await lockRunDir(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['.strata.lock']);
    await lock.release();
  });

  it('refuses a lock from another host, which it cannot check, and says how to clear it', async () => {
    const dir = tmp();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: 1, hostname: 'elsewhere', startedAt: 'then', command: 'x' }));
    await expect(lockRunDir(dir)).rejects.toThrow(
      `got one held by process 1 on elsewhere (x, since then); wait for it to end or choose another directory, or, if no run is going on there, delete ${lockFile(dir)}.`,
    );
  });

  it('leaves the lock of a process that took it over meanwhile', async () => {
    const dir = tmp();
    const lock = await lockRunDir(dir);
    const release = lock.release;
    writeFileSync(lockFile(dir), JSON.stringify({ pid: 1, hostname: 'other', startedAt: 'now', command: 'y' }));
    await release();
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).hostname).toBe('other');
  });

  it('fails at once on a directory it cannot write', async () => {
    await expect(lockRunDir(join(tmp(), 'missing'))).rejects.toThrow(ArgumentError);
    const file = join(tmp(), 'a-file');
    writeFileSync(file, '');
    await expect(lockRunDir(file)).rejects.toThrow(
      new RegExp(`^lockRunDir: expected a writable directory at '${file}', got ENOTDIR: not a directory`),
    );
  });
});
