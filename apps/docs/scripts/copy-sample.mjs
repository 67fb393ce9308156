// The playground fetches the embedded Fashion-MNIST sample of @strata/data: copy its gzipped IDX
// files into public/, which the site serves as they are.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DOCS_ROOT, REPO_ROOT } from './paths.mjs';

/** Copies packages/data/assets/fashion-mnist-sample/*.gz to public/fashion-mnist-sample/. */
export function copySample() {
  const from = join(REPO_ROOT, 'packages', 'data', 'assets', 'fashion-mnist-sample');
  const to = join(DOCS_ROOT, 'public', 'fashion-mnist-sample');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from).filter((name) => name.endsWith('.gz'))) cpSync(join(from, file), join(to, file));
}
