import { afterEach, describe, expect, it, vi } from 'vitest';
import { capture } from './__fixtures__/capture.js';

// A command that fails in a way strata does not expect: what main prints for a bug.
vi.mock('./commands/summary.js', () => ({
  summaryCommand: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'shape')");
  },
}));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('an error strata did not expect', () => {
  it('is one line and exit code 1, with the stack trace only when STRATA_DEBUG is set', async () => {
    const { main } = await import('./main.js');
    vi.stubEnv('STRATA_DEBUG', undefined);
    const io = capture();
    expect(await main(['summary', 'lenet'], io)).toBe(1);
    expect(io.err()).toBe(
      "strata: TypeError: Cannot read properties of undefined (reading 'shape') (an error strata did not expect; set STRATA_DEBUG=1 for its stack trace, and please report it)\n",
    );
    vi.stubEnv('STRATA_DEBUG', '1');
    const debug = capture();
    expect(await main(['summary', 'lenet'], debug)).toBe(1);
    expect(debug.err()).toMatch(/^strata: TypeError: Cannot read .*\nTypeError: Cannot read .*\n\s+at /);
  });
});
