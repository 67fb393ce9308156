import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

interface ExportEntry {
  '@strata/source'?: string;
}

/**
 * Maps every workspace package's export (`@strata/core`, `@strata/core/testing`, ...) to its
 * TypeScript source, through the `@strata/source` condition of its `exports` map, so tests run
 * against source and never against a stale `dist/`.
 */
export function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'apps']) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const dir of readdirSync(groupDir)) {
      const manifestPath = join(groupDir, dir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name: string;
        exports?: Record<string, ExportEntry>;
      };
      for (const [subpath, entry] of Object.entries(manifest.exports ?? {})) {
        const source = entry['@strata/source'];
        if (source === undefined) continue;
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
        const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        aliases.push({ find: new RegExp(`^${escaped}$`), replacement: resolve(groupDir, dir, source) });
      }
    }
  }
  return aliases;
}

const dataDir = join(root, 'packages', 'data');
const workerScript = join(dataDir, 'src', 'loader', 'worker-script.generated.ts');

/**
 * Gives the tests of `@strata/data` a DataLoader worker bundled from the current source (never a
 * stale `src/loader/worker-script.generated.ts`), with a prelude that registers tsx in the worker,
 * so that `workerImports` may name TypeScript modules. The test process passes
 * `--conditions=@strata/source` to its workers, which makes them load workspace packages from
 * source too.
 */
export function loaderWorkerFromSource(): Plugin {
  return {
    name: 'strata-loader-worker-from-source',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './worker-script.generated.js' && importer?.startsWith(dirname(workerScript))) return workerScript;
      return undefined;
    },
    async load(id) {
      if (id !== workerScript) return undefined;
      const bundler = pathToFileURL(join(dataDir, 'scripts', 'bundle-worker.mjs')).href;
      const { bundleLoaderWorker, workerScriptModule } = (await import(
        bundler
      )) as typeof import('./packages/data/scripts/bundle-worker.mjs');
      return workerScriptModule(await bundleLoaderWorker({ registerTsx: true }));
    },
  };
}

/**
 * The test files to leave out because `reason` (when not `null`) says what they need is missing:
 * prints which files, why, and the command that enables them, so no suite skips silently.
 */
export function skippedSuites(
  project: string,
  files: readonly string[],
  reason: string | null,
  enable: string,
): string[] {
  if (reason === null) return [];
  console.warn(`${project}: skipping ${files.join(', ')}: ${reason}. Enable with: ${enable}`);
  return [...files];
}

/** Why headless Chromium cannot run here, or `null` when it can. */
export function chromiumProblem(): string | null {
  return existsSync('/usr/bin/chromium') ? null : 'no Chromium at /usr/bin/chromium';
}
