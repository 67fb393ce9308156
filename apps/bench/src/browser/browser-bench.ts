import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { BrowserReport } from '../report.js';
import type { PageOutcome } from './page-contract.js';
import { servePage } from './page-server.js';

/** Debian's Chromium, driven through playwright-core (which downloads no browser). */
const CHROMIUM_PATH = '/usr/bin/chromium';
/** The page runs every timed call of both engines at both thread counts: minutes on a loaded machine. */
const PAGE_TIMEOUT_MS = 10 * 60_000;
const HERE = dirname(fileURLToPath(import.meta.url));

/** The page and its imports in one ES module, bundled for the browser as an esbuild user would. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(HERE, 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/**
 * LeNet training and inference in headless Chromium on a cross-origin isolated page: bundles
 * `page.ts` with esbuild, serves it (and tfjs-wasm's binaries from node_modules) with the
 * isolation headers from a local server, and reads the page's figures. Throws unless the page
 * was cross-origin isolated and strata ran on more than one thread; `undefined` with a note
 * when there is no Chromium at /usr/bin/chromium.
 *
 * @example
 * ```ts
 * const browser = await benchBrowser((m) => console.error(m));
 * ```
 */
export async function benchBrowser(progress: (message: string) => void): Promise<BrowserReport | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    progress(`browser figures skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium enables them)`);
    return undefined;
  }
  const tfjsWasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  const server = await servePage(await bundlePage(), tfjsWasmDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const version = browser.version();
  let outcome: PageOutcome;
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') progress(`page: ${message.text()}`);
    });
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab
      .waitForFunction(() => 'strataBench' in globalThis, null, { timeout: PAGE_TIMEOUT_MS, polling: 1000 })
      .catch((error: unknown) => {
        throw new Error(`bench: the Chromium page did not finish: ${String(error)}; page errors: ${errors.join('; ')}`);
      });
    outcome = await tab.evaluate(() => (globalThis as { strataBench?: PageOutcome }).strataBench!);
  } finally {
    await browser.close();
    server.close();
  }
  if ('error' in outcome) throw new Error(`bench: the Chromium page failed: ${outcome.error}`);
  if (!outcome.crossOriginIsolated)
    throw new Error('bench: expected the Chromium page to be cross-origin isolated, got crossOriginIsolated false.');
  if (outcome.strataThreads < 2)
    throw new Error(
      `bench: expected strata on 2 threads in the cross-origin isolated page, got ${outcome.strataThreads}.`,
    );
  return { browser: `Chromium ${version}`, ...outcome };
}
