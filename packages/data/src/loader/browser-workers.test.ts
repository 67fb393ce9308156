import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bundleLoaderWorker, workerScriptModule } from '../../scripts/bundle-worker.mjs';
import type { LoaderPageResult } from './browser/loader-page.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium)
  console.warn(`browser-workers.test.ts: skipped, no Chromium at ${chromiumPath} (apt-get install -y chromium)`);

/** Bundles the page, with the loader's worker bundled from the current source. */
async function bundle(): Promise<Map<string, string>> {
  const workerModule = workerScriptModule(await bundleLoaderWorker());
  const result = await build({
    entryPoints: { page: fileURLToPath(new URL('./browser/loader-page.ts', import.meta.url)) },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@strata/source'],
    outdir: '/bundle',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'loader-worker-from-source',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /\/worker-script\.generated\.js$/ }, () => ({
            path: 'worker-script',
            namespace: 'strata',
          }));
          pluginBuild.onLoad({ filter: /.*/, namespace: 'strata' }, () => ({ contents: workerModule, loader: 'js' }));
        },
      },
    ],
  });
  const files = new Map<string, string>([
    ['/', '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>'],
  ]);
  for (const file of result.outputFiles) files.set(file.path.slice('/bundle'.length), file.text);
  return files;
}

/** Serves `files`; the page gets `headers` too. */
async function serve(files: Map<string, string>, headers: Record<string, string> = {}): Promise<Server> {
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const page = request.url === '/';
    response
      .writeHead(200, { 'content-type': page ? 'text/html' : 'text/javascript', ...(page ? headers : {}) })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Opens the page in headless Chromium and returns what it reports, with the page's errors. */
async function runPage(headers: Record<string, string> = {}): Promise<{ result: LoaderPageResult; errors: string[] }> {
  const server = await serve(await bundle(), headers);
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
    return { result, errors };
  } finally {
    await browser.close();
    server.close();
  }
}

describe('DataLoader in a browser', () => {
  it.skipIf(!hasChromium)(
    'gives bit-identical batches with numWorkers 2 (module Web Workers) and numWorkers 0',
    { timeout: 30_000 },
    async () => {
      const { result, errors } = await runPage();
      expect(errors).toEqual([]);
      expect(result).toEqual({ batches: 6, workerBatches: 6, identical: true });
    },
  );

  it.skipIf(!hasChromium)('reports a worker that cannot load as exactly that', { timeout: 30_000 }, async () => {
    const { result } = await runPage({ 'content-security-policy': "worker-src 'none'" });
    expect(result.error).toMatch(
      /^StrataError: DataLoader: expected worker 0 to load its script, got .*; in a browser the page's Content-Security-Policy must allow blob: workers/,
    );
  });
});
