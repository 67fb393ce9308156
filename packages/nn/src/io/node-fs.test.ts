import '@strata/backend-cpu';
import { tensor } from '@strata/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { load } from './load.js';
import { nodeFs } from './node-fs.js';
import { SafetensorsError } from './safetensors-error.js';
import { save } from './save.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('file access outside Node', () => {
  it('points to the in-memory API', async () => {
    const w = tensor([1]);
    // Only the synchronous start of each call sees the browser-like global; vitest needs process.
    vi.stubGlobal('process', undefined);
    const calls = [nodeFs('save'), save({ w }, 'w.safetensors'), load('w.safetensors')];
    vi.unstubAllGlobals();
    for (const [i, call] of calls.entries()) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SafetensorsError);
      expect((error as Error).message).toMatch(
        /^(save|load): expected Node\.js \(file access needs node:fs\), got a runtime without node:fs; in a browser use toSafetensors \/ fromSafetensors with an ArrayBuffer/,
      );
      expect((error as Error).message.startsWith(i === 2 ? 'load' : 'save')).toBe(true);
    }
  });

  it('imports node:fs/promises in Node', async () => {
    expect(typeof (await nodeFs('load')).readFile).toBe('function');
  });
});
