import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

describe('strata command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs the convolution chapter', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(main(['chapter', 'convolution'])).toBe(0);
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toContain('[[19., 25.]');
  });

  it('explains an unknown command or chapter', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(main(['train'])).toBe(2);
    expect(main(['chapter', 'lenet'])).toBe(2);
    expect(error.mock.calls[1]![0]).toContain('expected one of convolution, got lenet');
  });
});
