// Where the docs site and the repository are, for the generators.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The VitePress project root (apps/docs). */
export const DOCS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root. */
export const REPO_ROOT = resolve(DOCS_ROOT, '../..');
