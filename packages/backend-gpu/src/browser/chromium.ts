import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Starts Debian's headless Chromium (`apt-get install chromium`) with WebGL2 on SwiftShader;
 * never `--use-gl=swiftshader`, which turns WebGL off.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * ```
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Bundles `entry` (a file path) and what it imports, workspace packages from source, into one
 * ES module for a page; `alias` maps module names to files.
 *
 * @example
 * ```ts
 * const code = await bundleForPage(fileURLToPath(new URL('./page.ts', import.meta.url)));
 * ```
 */
export async function bundleForPage(entry: string, alias: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@strata/source'],
    alias,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * Starts Chromium, opens a blank page that collects its uncaught errors into `errors`, runs `use`
 * on it and closes the browser however `use` ends.
 *
 * @example
 * ```ts
 * const title = await withBlankPage(async (tab, errors) => { await tab.addScriptTag({ content: code, type: 'module' }); return errors; });
 * ```
 */
export async function withBlankPage<T>(use: (tab: Page, errors: string[]) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto('about:blank');
    return await use(tab, errors);
  } finally {
    await browser.close();
  }
}
