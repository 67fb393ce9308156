import '@strata/backend-cpu';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@strata/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { load } from './load.js';
import { SafetensorsError } from './safetensors-error.js';
import { save } from './save.js';

// A disk that fails on fsync, after the temporary file has been created and written: the
// failure an atomic write exists for.
const failing = vi.hoisted(() => ({ sync: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof fs.open = async (...args) => {
    const handle = await fs.open(...args);
    if (failing.sync)
      handle.sync = () => Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    return handle;
  };
  return { ...fs, open, default: { ...fs, open } };
});

let dir: string;

beforeEach(async () => {
  failing.sync = false;
  dir = await mkdtemp(join(tmpdir(), 'strata-save-failure-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('save when the disk fails', () => {
  it('keeps the existing file byte for byte and removes its temporary file', async () => {
    const path = join(dir, 'w.safetensors');
    await save({ w: tensor([1, 2]) }, path);
    const before = await readFile(path);
    failing.sync = true;
    const error = await save({ w: tensor([3, 4, 5]) }, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message).toMatch(/^save: expected a writable path, got EIO: i\/o error, fsync for /);
    expect(await readdir(dir)).toEqual(['w.safetensors']);
    expect(await readFile(path)).toEqual(before);
    expect((await load(path)).w!.toArray()).toEqual([1, 2]);
  });
});
