import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/run-cli.js';

// The GPU backend runs gpu.js on headless GL, which needs an X display: CI gives it one with
// xvfb-run (Debian's xvfb), as a user on a server would; vitest.config.ts leaves this file out where
// headless GL is unavailable.
const XVFB = ['xvfb-run', '-a'];

describe('strata with --backend gpu (the built binary)', () => {
  it('info reports gpu available under xvfb-run and says why not without a display', { timeout: 60_000 }, async () => {
    const withDisplay = await runCli(['info', '--json'], { wrapper: XVFB });
    expect(withDisplay.code, withDisplay.stderr).toBe(0);
    expect(JSON.parse(withDisplay.stdout).backends.gpu).toBe('available');
    const without = await runCli(['info', '--json'], { env: { DISPLAY: '' } });
    expect(without.code, without.stderr).toBe(0);
    expect(JSON.parse(without.stdout).backends.gpu).toMatch(/headless GL needs an X display; run under xvfb-run -a/);
  });

  it('trains LeNet for 24 steps on the embedded sample', { timeout: 120_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'strata-gpu-')), 'run');
    const args = [
      'train',
      'lenet',
      '--backend',
      'gpu',
      '--embedded-sample',
      '--limit-train',
      '768',
      '--limit-test',
      '128',
    ];
    const result = await runCli([...args, '--batch-size', '32', '--epochs', '1', '--out', out], { wrapper: XVFB });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^epoch 1: loss \d\.\d{3}, train acc 0\.\d{3}, test acc 0\.\d{3}, [\d,]+\.\d examples\/sec on gpu$/m,
    );
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim());
    expect(Number.isFinite(metrics.trainLoss)).toBe(true);
  });
});
