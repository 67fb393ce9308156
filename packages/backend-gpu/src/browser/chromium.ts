import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';

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
