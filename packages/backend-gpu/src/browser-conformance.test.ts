import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import type { ShimResult } from './browser/vitest-shim.js';

// Debian's chromium (.ci/apt-packages.txt) with WebGL2 on SwiftShader; see MACHINE.md.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** The page: the core conformance suite on the 'gpu' backend in webgl2 mode, vitest aliased to the shim. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser/conformance-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@strata/source'],
    alias: { vitest: fileURLToPath(new URL('./browser/vitest-shim.ts', import.meta.url)) },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

it('the core conformance suite passes on the gpu backend in headless Chromium (WebGL2)', { timeout: 600_000 }, async () => {
  const code = await bundle();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('about:blank');
    await page.addScriptTag({ content: code, type: 'module' });
    await page.waitForFunction(() => 'conformanceResult' in globalThis, null, { timeout: 30_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; page errors: ${errors.join('; ') || 'none'}`);
    });
    const result = await page.evaluate(() => (globalThis as unknown as { conformanceResult: Promise<ShimResult> }).conformanceResult);
    console.log(`headless Chromium: ${result.passed} passed, ${result.skipped} skipped (float64 only), ${result.failures.length} failed`);
    expect(errors).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBeGreaterThan(400);
  } finally {
    await browser.close();
  }
});
