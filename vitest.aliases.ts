import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
