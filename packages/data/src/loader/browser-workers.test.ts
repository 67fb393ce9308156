import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { LoaderPageResult } from './browser/loader-page.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium)
  console.warn(`browser-workers.test.ts: skipped, no Chromium at ${chromiumPath} (apt-get install -y chromium)`);

/** Bundles the page and the worker entry side by side, so the loader finds ./worker.js. */
async function bundle(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: {
      page: fileURLToPath(new URL('./browser/loader-page.ts', import.meta.url)),
      worker: fileURLToPath(new URL('./worker.ts', import.meta.url)),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@strata/source'],
    outdir: '/bundle',
    write: false,
    logLevel: 'silent',
  });
  const files = new Map<string, string>([
    ['/', '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>'],
  ]);
  for (const file of result.outputFiles) files.set(file.path.slice('/bundle'.length), file.text);
  return files;
}

async function serve(files: Map<string, string>): Promise<Server> {
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': request.url === '/' ? 'text/html' : 'text/javascript' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('DataLoader in a browser', () => {
  it.skipIf(!hasChromium)(
    'gives bit-identical batches with numWorkers 2 (module Web Workers) and numWorkers 0',
    { timeout: 20_000 },
    async () => {
      const server = await serve(await bundle());
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        await page.waitForFunction(() => 'loaderResult' in globalThis);
        const result = await page.evaluate(
          () => (globalThis as unknown as { loaderResult: Promise<LoaderPageResult> }).loaderResult,
        );
        expect(errors).toEqual([]);
        expect(result).toEqual({ batches: 6, workerBatches: 6, identical: true });
      } finally {
        await browser.close();
        server.close();
      }
    },
  );
});
