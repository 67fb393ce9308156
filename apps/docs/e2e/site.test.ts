// The built site in headless Chromium (Debian's, driven by playwright-core): every page renders
// without console errors, no internal link or anchor is broken, and the playground trains on both
// backends and classifies a drawing. The site is served by `vitepress preview`'s server with the
// cross-origin-isolation headers (scripts/preview-server.mjs). Build first (`pnpm docs:build`; `pnpm docs:test` does both).
// With STRATA_SCREENSHOTS=1 it saves the playground after training on each backend to docs/img/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenLinks, pageHeading, sitePages } from './check-links.js';
import { type PreviewServer, previewSite } from '../scripts/preview-server.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, '.vitepress', 'dist');
const SCREENSHOTS = join(ROOT, '..', '..', 'docs', 'img');
const CHROMIUM = '/usr/bin/chromium';
const BASE = process.env.DOCS_BASE ?? '/';

if (!existsSync(join(DIST, 'index.html'))) {
  throw new Error(`docs site test: expected a built site in ${DIST}, got none; run \`pnpm docs:build\` first`);
}
if (!existsSync(CHROMIUM)) {
  throw new Error(
    `docs site test: expected Chromium at ${CHROMIUM}, got none; install it with \`apt-get install chromium\``,
  );
}

let browser: Browser;
let server: PreviewServer;

beforeAll(async () => {
  server = await previewSite(ROOT, 0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // WebGL2 on SwiftShader for the gpu backend; `--use-gl=swiftshader` would turn WebGL off.
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens `path` (relative to the base) and collects its console errors and uncaught exceptions. */
async function open(page: Page, path: string): Promise<string[]> {
  const errors: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  };
  const onError = (error: Error) => errors.push(`exception: ${error.message}`);
  const onResponse = (response: Response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onError);
  page.on('response', onResponse);
  const response = await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
  if (!response?.ok()) errors.push(`HTTP ${response?.status()}`);
  // Hydration runs after load; its errors show up within a frame or two.
  await page.waitForFunction(() => document.querySelector('#app')?.hasChildNodes() === true);
  page.off('console', onConsole);
  page.off('pageerror', onError);
  page.off('response', onResponse);
  return errors;
}

describe('the built site', () => {
  it('has no broken internal link or anchor', () => {
    expect(brokenLinks(DIST, BASE)).toEqual([]);
  });

  it('renders every page without console errors', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    const pages = sitePages(DIST).filter((file) => file !== '404.html');
    const sitePath = (file: string) => file.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '');
    // A full load of every page but the API reference's, whose ~480 pages share two templates:
    // those are reached as a reader clicking through reaches them (the app's router), each
    // checked to show its own heading.
    for (const file of pages.filter((file) => !file.startsWith('api/'))) {
      for (const error of await open(page, sitePath(file))) failures.push(`${sitePath(file)}: ${error}`);
    }
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
    page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
    for (const file of pages.filter((file) => file.startsWith('api/'))) {
      const path = new URL(sitePath(file), server.url).pathname;
      const heading = pageHeading(join(DIST, file));
      await page.evaluate((href) => {
        const link = document.createElement('a');
        link.href = href;
        document.body.append(link);
        link.click();
        link.remove();
      }, path);
      await page
        .waitForFunction(
          ([href, text]) =>
            location.pathname === href && document.querySelector('.vp-doc h1')?.textContent?.includes(text!) === true,
          [path, heading],
          { timeout: 20_000 },
        )
        .catch(() => errors.push(`did not show its heading "${heading}"`));
      failures.push(...errors.splice(0).map((error) => `${sitePath(file)}: ${error}`));
    }
    await page.close();
    expect(failures).toEqual([]);
    // About 500 pages: minutes on a loaded 2-core machine.
  }, 1_200_000);
});

describe('the playground', () => {
  for (const backend of ['cpu', 'gpu'] as const) {
    it(`trains LeNet 50 steps on ${backend} above 0.5 held-out accuracy, then classifies a drawing`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      expect(await open(page, 'playground/')).toEqual([]);
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
      const playground = page.locator('.playground');
      await page.selectOption('select[name=model]', 'lenet');
      await page.selectOption('select[name=backend]', backend);
      await page.fill('input[name=steps]', '50');
      await page.click('button[type=submit]');
      await page.waitForFunction(
        () => ['done', 'error'].includes(document.querySelector('.playground')?.getAttribute('data-state') ?? ''),
        null,
        { timeout: 480_000, polling: 500 },
      );
      const status = await page.locator('.status').textContent();
      expect(await playground.getAttribute('data-state'), status ?? '').toBe('done');
      expect(await playground.getAttribute('data-backend')).toBe(backend);
      expect(Number(await playground.getAttribute('data-steps'))).toBe(50);
      expect(Number(await playground.getAttribute('data-accuracy'))).toBeGreaterThan(0.5);

      // The mouse reaches only what the viewport shows.
      await page.locator('canvas.pad').scrollIntoViewIfNeeded();
      const pad = await page.locator('canvas.pad').boundingBox();
      if (pad === null) throw new Error('the drawing pad is not on the page');
      await page.mouse.move(pad.x + pad.width * 0.3, pad.y + pad.height * 0.2);
      await page.mouse.down();
      for (const [fx, fy] of [
        [0.7, 0.2],
        [0.7, 0.85],
        [0.3, 0.85],
        [0.3, 0.2],
      ]) {
        await page.mouse.move(pad.x + pad.width * fx!, pad.y + pad.height * fy!, { steps: 8 });
      }
      await page.mouse.up();
      await page.waitForFunction(() => document.querySelector('.playground')?.getAttribute('data-prediction') !== '');
      const prediction = await playground.getAttribute('data-prediction');
      expect(await page.locator('.prediction').textContent()).toContain(prediction);

      if (process.env.STRATA_SCREENSHOTS === '1') {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await playground.screenshot({ path: join(SCREENSHOTS, `playground-${backend}.png`) });
      }
      await page.close();
    });
  }
});
