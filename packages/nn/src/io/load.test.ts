import '@strata/backend-cpu';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@strata/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { load } from './load.js';
import { SafetensorsError } from './safetensors-error.js';
import { toSafetensors } from './to-safetensors.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-load-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('load', () => {
  it('reads a file into a state dict on the backend asked for', async () => {
    const path = join(dir, 'w.safetensors');
    await writeFile(path, toSafetensors({ w: tensor([1, 2]) }));
    const sd = await load(path, { backend: 'cpu' });
    expect(sd.w!.backend).toBe('cpu');
    expect(sd.w!.toArray()).toEqual([1, 2]);
  });

  it('names the file in errors', async () => {
    const missing = join(dir, 'missing.safetensors');
    await expect(load(missing)).rejects.toThrow(SafetensorsError);
    await expect(load(missing)).rejects.toThrow(/^load: expected a readable file, got ENOENT: .*missing\.safetensors/);
    const truncated = join(dir, 'truncated.safetensors');
    const bytes = toSafetensors({ w: tensor([1, 2]) });
    await writeFile(truncated, bytes.subarray(0, bytes.length - 1));
    await expect(load(truncated)).rejects.toThrow(SafetensorsError);
    await expect(load(truncated)).rejects.toThrow(
      /^load\('.*truncated\.safetensors'\): expected data_offsets of tensor 'w' within the 7-byte data buffer/,
    );
  });
});
