// pnpm release: versions the packages from the pending changesets, then publishes them only if
// everything passes: build, the whole test suite, and publint and attw --profile esm-only on the
// packed tarballs. `changeset publish` packs each package again through its prepack guard.
//   pnpm release            version, check, publish to the configured npm registry
//   pnpm release --dry-run  version and check, publish nothing
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintTarballs, packAll, root } from './packages.mjs';

const dryRun = process.argv.includes('--dry-run');
const step = (title, file, args) => {
  console.log(`== ${title}`);
  execFileSync(file, args, { cwd: root, stdio: 'inherit' });
};

step('version the packages (changeset version)', 'pnpm', ['exec', 'changeset', 'version']);
step("write @strata/core's VERSION", process.execPath, ['release/sync-core-version.mjs']);
step('build', 'pnpm', ['exec', 'turbo', 'run', 'build']);
step('typecheck, lint, test', 'pnpm', ['exec', 'turbo', 'run', 'typecheck', 'lint', 'test']);
console.log('== pack and lint the tarballs (publint, attw --profile esm-only)');
const dir = mkdtempSync(join(tmpdir(), 'strata-pack-'));
try {
  const problems = await lintTarballs(packAll(dir));
  if (problems.length > 0) {
    console.error(`release: the tarballs have problems; nothing was published:\n${problems.join('\n')}`);
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (dryRun) console.log('== --dry-run: not publishing; commit the versions and changelogs, or reset them');
else step('publish (changeset publish)', 'pnpm', ['exec', 'changeset', 'publish']);
