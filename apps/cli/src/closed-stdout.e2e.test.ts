import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from './__fixtures__/run-cli.js';

describe('strata writing to a pipe whose reader has gone (strata summary lenet | head -0)', () => {
  it('exits 0 without a stack trace, as Unix tools do', async () => {
    const child = spawn(process.execPath, [BIN, 'summary', 'lenet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closing the read end before the first write makes every write fail with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
