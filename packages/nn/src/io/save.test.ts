import '@strata/backend-cpu';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, tensor } from '@strata/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.js';
import { fromSafetensors } from './from-safetensors.js';
import { load } from './load.js';
import { SafetensorsError } from './safetensors-error.js';
import { save } from './save.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-save-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('save', () => {
  it('round-trips a module through a file, leaving only that file', async () => {
    manualSeed(0);
    const fc = new Linear(4, 3);
    const path = join(dir, 'fc.safetensors');
    await save(fc, path, { metadata: { format: 'pt' } });
    expect(await readdir(dir)).toEqual(['fc.safetensors']);
    const sd = await load(path);
    expect(Object.keys(sd)).toEqual(['weight', 'bias']);
    expect(sd.weight!.toArray()).toEqual(fc.weight.toArray());
    expect(sd.bias!.toArray()).toEqual(fc.bias!.toArray());
    expect(fromSafetensors(await readFile(path)).metadata).toEqual({ format: 'pt' });
  });

  it('saves a plain state dict of any dtype', async () => {
    const path = join(dir, 'sd.safetensors');
    await save(
      {
        n: tensor(new Int32Array([3]), { shape: [] }),
        m: tensor([true, false]),
        d: tensor([0.1], { dtype: 'float64' }),
      },
      path,
    );
    const sd = await load(path);
    expect(sd.n!.item()).toBe(3);
    expect(sd.m!.toArray()).toEqual([true, false]);
    expect(sd.d!.dtype).toBe('float64');
    expect(sd.d!.toArray()).toEqual([0.1]);
  });

  it('replaces an existing file on success', async () => {
    const path = join(dir, 'w.safetensors');
    await save({ w: tensor([1, 2]) }, path);
    await save({ w: tensor([3, 4, 5]) }, path);
    expect((await load(path)).w!.toArray()).toEqual([3, 4, 5]);
    expect(await readdir(dir)).toEqual(['w.safetensors']);
  });

  it('creates nothing when the directory does not exist', async () => {
    const path = join(dir, 'missing', 'w.safetensors');
    const error = await save({ w: tensor([1]) }, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message).toMatch(
      /^save: expected a writable path, got ENOENT: .* for '.*w\.safetensors'; nothing was written and any existing file is unchanged\.$/,
    );
    expect((error as Error).cause).toBeDefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves what is at the path intact, and no temporary file, when the rename fails', async () => {
    const path = join(dir, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'keep.txt'), 'keep');
    await expect(save({ w: tensor([1]) }, path)).rejects.toThrow(SafetensorsError);
    expect(await readdir(dir)).toEqual(['taken']);
    expect((await stat(path)).isDirectory()).toBe(true);
    expect(await readFile(join(path, 'keep.txt'), 'utf8')).toBe('keep');
  });

  it('checks the state dict before touching the file system', async () => {
    const path = join(dir, 'w.safetensors');
    await expect(save({ __metadata__: tensor([1]) }, path)).rejects.toThrow(/tensor names other than '__metadata__'/);
    expect(await readdir(dir)).toEqual([]);
  });
});
