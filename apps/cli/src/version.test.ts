import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Io } from './commands/io.js';
import { main } from './main.js';

it('--version prints the version of the package and exits 0', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  let out = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } };
  expect(await main(['--version'], io as unknown as Io)).toBe(0);
  expect(out).toBe(`${version}\n`);
});
