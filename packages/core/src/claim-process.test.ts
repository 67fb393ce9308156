import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DuplicateCoreError, VERSION } from './index.js';

describe('one @strata/core per process', () => {
  it('refuses a second copy when it loads, naming both copies and the fix', async () => {
    // Another copy, at another path and version, claimed the process first; this file, evaluated
    // afresh (the query makes it a new module), must refuse to load next to it.
    const slot = globalThis as { [key: symbol]: unknown };
    const key = Symbol.for('@strata/core');
    const ours = slot[key];
    slot[key] = {
      version: '0.9.0',
      url: 'file:///app/node_modules/other/node_modules/@strata/core/dist/claim-process.js',
    };
    try {
      const specifier: string = './claim-process.js?second-copy';
      const second = import(/* @vite-ignore */ specifier);
      await expect(second).rejects.toThrow(DuplicateCoreError);
      await expect(second).rejects.toThrow(
        new RegExp(
          `^@strata/core: expected one copy per process, got a second: 0\\.9\\.0 at file:///app/node_modules/other/node_modules/@strata/core/dist/claim-process\\.js was loaded first, now ${VERSION.replaceAll('.', '\\.')} at file:.*/claim-process\\.ts\\. .*npm ls @strata/core.*npm dedupe`,
        ),
      );
    } finally {
      slot[key] = ours;
    }
  });

  it('knows its own version', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(manifest.version);
  });
});
