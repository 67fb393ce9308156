// The publishable packages of the workspace and what every release step does with them: pack each
// (through its prepack guard) and lint the tarballs with publint and attw --profile esm-only.
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Every workspace package that is not private: `{ name, version, dir, manifest }`, in dependency order. */
export function publishablePackages() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group))) {
      const dir = join(root, group, entry);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (!manifest.private) found.push({ name: manifest.name, version: manifest.version, dir, manifest });
    }
  }
  const order = [];
  const visit = (pkg) => {
    if (order.includes(pkg)) return;
    const deps = { ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies };
    for (const other of found) if (other.name in deps) visit(other);
    order.push(pkg);
  };
  for (const pkg of found) visit(pkg);
  return order;
}

/** Packs every package into `outDir` with pnpm (workspace: ranges become versions); returns tarball facts. */
export function packAll(outDir) {
  return publishablePackages().map((pkg) => {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', outDir], { cwd: pkg.dir, encoding: 'utf8' });
    const tarball = out.trim().split('\n').at(-1).trim();
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    return { ...pkg, tarball, bytes: statSync(tarball).size, files };
  });
}

/** Lints the packed tarballs: publint (errors and warnings) and attw with the ESM-only profile. */
export async function lintTarballs(packed) {
  const problems = [];
  for (const pkg of packed) {
    // @strata/core/testing's conformance suite reads its PyTorch reference values at run time.
    const strays = pkg.files.filter(
      (file) => /\.test\.|__fixtures__|\/browser\//.test(file) && !file.startsWith('package/dist/testing/__fixtures__/'),
    );
    if (strays.length > 0) problems.push(`${pkg.name}: the tarball holds test files: ${strays.slice(0, 5).join(', ')}`);
    const { messages, pkg: manifest } = await publint({ pack: { tarball: readFileSync(pkg.tarball).buffer }, level: 'warning', strict: true });
    for (const message of messages) problems.push(`${pkg.name}: publint: ${formatMessage(message, manifest)}`);
    // attw --profile esm-only, in process: every problem counts but those of the node10 and
    // node16-cjs resolutions (CommonJS consumers, which the ESM-only profile leaves out).
    const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(pkg.tarball))));
    const counted = analysis.types
      ? analysis.problems.filter((problem) => !['node10', 'node16-cjs'].includes(problem.resolutionKind))
      : [];
    for (const problem of counted) problems.push(`${pkg.name}: attw --profile esm-only: ${JSON.stringify(problem)}`);
  }
  return problems;
}
