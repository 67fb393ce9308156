import { describe, expect, it } from 'vitest';
import { capture } from './__fixtures__/capture.js';
import { main } from './main.js';

describe('strata command (in process)', () => {
  it('runs the convolution chapter', async () => {
    const io = capture();
    expect(await main(['chapter', 'convolution'], io)).toBe(0);
    expect(io.out()).toContain('[[19., 25.]');
  });

  it('explains an unknown command or chapter with exit code 2', async () => {
    const io = capture();
    expect(await main(['fly'], io)).toBe(2);
    expect(io.err()).toContain("error: unknown command 'fly'");
    expect(await main(['chapter', 'lenet'], io)).toBe(2);
    expect(io.err()).toContain("strata: unknown chapter 'lenet'; expected convolution.");
  });

  it('prints help with exit code 0', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/Commands:\n\s+train \[options\] \[model\]/);
    expect(io.out()).toContain('Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted');
  });
});
