import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The failure path of the worker pool is checked in child processes: a pool that lets Node's
// event loop drain while its workers terminate ends the process with exit code 13 and no output,
// which a vitest worker, kept alive by vitest itself, never shows. The program is bundled once
// (its worker entry and test transforms beside it, as a published build lays them out) so that
// each run is a plain `node` start.
const RUNS = 20;
const CONCURRENCY = 4;
const FIXTURES = new URL('./__fixtures__/', import.meta.url);
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-worker-failure-'));
  await build({
    entryPoints: {
      'failing-epoch': fileURLToPath(new URL('failing-epoch.ts', FIXTURES)),
      'test-transforms': fileURLToPath(new URL('test-transforms.ts', FIXTURES)),
      worker: fileURLToPath(new URL('./worker.ts', import.meta.url)),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@strata/source'],
    outdir: dir,
    logLevel: 'silent',
  });
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(errorName: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'failing-epoch.js'), errorName], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('a transform that throws in a worker, in a process of its own', () => {
  it(`exits 1 with the error, ${RUNS} runs out of ${RUNS}, whatever the error is named`, async () => {
    const names = Array.from({ length: RUNS }, (_, i) => ['ShapeError', 'toString', 'constructor'][i % 3]!);
    const results: { name: string; code: number | null; output: string }[] = [];
    for (let i = 0; i < RUNS; i += CONCURRENCY) {
      const batch = names.slice(i, i + CONCURRENCY);
      results.push(...(await Promise.all(batch.map(async (name) => ({ name, ...(await run(name)) })))));
    }
    for (const { name, code, output } of results) {
      expect({ name, code, output }).toEqual({
        name,
        code: 1,
        output: `${name === 'ShapeError' ? 'ShapeError' : 'StrataError'}: DataLoader: expected the transform to accept sample 13, got ${name}: TestFailOn: expected another image, got first byte ${(13 * 31) % 256}.\n`,
      });
    }
  }, 120_000);
});
