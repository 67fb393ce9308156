import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleGemmFlavour } from './__fixtures__/bundle-gemm-flavour.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-keep-names-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// tsx, and bundles built with esbuild's keepNames, compile the thread function's inner functions
// into calls to a helper of the bundle's own: the threads must start and compute all the same.
it('starts its threads from code compiled with esbuild keepNames', async () => {
  const program = await bundleGemmFlavour(dir, true);
  const child = spawnSync(process.execPath, [program], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_NUM_THREADS: '1' },
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const run = JSON.parse(child.stdout) as { threadCounts: number[]; threadMismatches: number[] };
  expect(run.threadCounts).toEqual([1, 2, 3]);
  expect(run.threadMismatches.every((n) => n === 0)).toBe(true);
}, 60_000);
