import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafetensorsError } from './safetensors-error.js';
import { removeStaleTemporaries } from './remove-stale-temporaries.js';
import { writeFileAtomic } from './write-file-atomic.js';

describe('writeFileAtomic', () => {
  it('writes text or bytes, replacing the file, leaving no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-atomic-'));
    const path = join(dir, 'metrics.csv');
    await writeFileAtomic(path, 'a,b\n1,2\n');
    await writeFileAtomic(path, new Uint8Array([104, 105]));
    expect(readFileSync(path, 'utf8')).toBe('hi');
    expect(readdirSync(dir)).toEqual(['metrics.csv']);
  });

  it('names the caller and leaves nothing when the directory is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-atomic-'));
    const error = await writeFileAtomic(join(dir, 'missing', 'x.json'), '{}', 'saveCheckpoint').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message).toMatch(
      /^saveCheckpoint: expected a writable path, got ENOENT: .*; nothing was written and any existing file is unchanged\.$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves temporary files that a crash abandons to removeStaleTemporaries, which removes only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-atomic-'));
    for (const name of ['last.safetensors', 'last.safetensors.tmp-4242-k3j2h1g0', 'notes.tmp', 'a.tmp-x-1'])
      writeFileSync(join(dir, name), 'x');
    expect(await removeStaleTemporaries(dir)).toEqual(['last.safetensors.tmp-4242-k3j2h1g0']);
    expect(readdirSync(dir).sort()).toEqual(['a.tmp-x-1', 'last.safetensors', 'notes.tmp']);
  });
});
