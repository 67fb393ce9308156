// Facts the site shows that come from the repository, read when VitePress loads its config: the
// version it documents (@strata/core's), the repository URL (the root package.json), and the
// published packages.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  repository?: string | { url: string };
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

function repositoryUrl(pkg: PackageJson): string {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (url === undefined) throw new Error('docs config: expected a "repository" in the root package.json, got none');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** The repository's web address, e.g. https://github.com/strata-ml/strata. */
export const REPOSITORY = repositoryUrl(readPackage(REPO_ROOT));
/** The version of strata the site documents. */
export const VERSION = readPackage(join(REPO_ROOT, 'packages/core')).version;

/** A published package: its npm name and its folder under packages/. */
export interface PublishedPackage {
  name: string;
  folder: string;
}

/** Every non-private package under packages/, by folder name. */
export const PACKAGES: PublishedPackage[] = readdirSync(join(REPO_ROOT, 'packages'))
  .sort()
  .map((folder) => ({ folder, pkg: readPackage(join(REPO_ROOT, 'packages', folder)) }))
  .filter(({ pkg }) => pkg.private !== true)
  .map(({ folder, pkg }) => ({ name: pkg.name, folder }));
