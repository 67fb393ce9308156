// Makes a fresh clone runnable with nothing but Node and npm: finds or installs the pinned pnpm,
// installs the workspace dependencies when the lockfile changed, then runs `pnpm <args>`.
// Used by `npm start` and `npm test` so both work from a fresh clone.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = manifest.packageManager.replace(/^pnpm@/, '');
const localTools = join(root, 'node_modules', '.strata-tools');

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  // node-gyp (the `gl` build) would otherwise try to download Node headers, which fails offline.
  ...(existsSync('/usr/include/node/node.h') && !process.env.npm_config_nodedir ? { npm_config_nodedir: '/usr' } : {}),
  JOBS: process.env.JOBS ?? '2',
};

function versionOf(command) {
  try {
    return execFileSync(command, ['--version'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function findPnpm() {
  const local = join(localTools, 'node_modules', '.bin', 'pnpm');
  if (versionOf('pnpm') === pnpmVersion) return 'pnpm';
  if (existsSync(local) && versionOf(local) === pnpmVersion) return local;
  console.log(`[bootstrap] installing pnpm@${pnpmVersion} (found ${versionOf('pnpm') ?? 'none'})`);
  const global = spawnSync('npm', ['install', '--global', `pnpm@${pnpmVersion}`], { env, stdio: 'inherit' });
  if (global.status === 0 && versionOf('pnpm') === pnpmVersion) return 'pnpm';
  console.log('[bootstrap] global install unavailable; installing pnpm into node_modules/.strata-tools');
  mkdirSync(localTools, { recursive: true });
  const localInstall = spawnSync('npm', ['install', '--prefix', localTools, `pnpm@${pnpmVersion}`], {
    env,
    stdio: 'inherit',
  });
  if (localInstall.status !== 0 || versionOf(local) !== pnpmVersion) {
    console.error(
      `[bootstrap] could not install pnpm@${pnpmVersion}; install it with \`npm i -g pnpm@${pnpmVersion}\` and retry.`,
    );
    process.exit(1);
  }
  return local;
}

function installIfStale(pnpm) {
  const stamp = join(root, 'node_modules', '.strata-install-stamp');
  const lock = join(root, 'pnpm-lock.yaml');
  const lockText = existsSync(lock) ? readFileSync(lock, 'utf8') : '';
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockText && statSync(stamp).size > 0) return;
  console.log('[bootstrap] installing workspace dependencies');
  const args = ['install', ...(lockText ? ['--frozen-lockfile'] : [])];
  const result = spawnSync(pnpm, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, existsSync(lock) ? readFileSync(lock, 'utf8') : '');
}

const pnpm = findPnpm();
installIfStale(pnpm);
const args = process.argv.slice(2);
if (args.length > 0) {
  const result = spawnSync(pnpm, args, { cwd: root, env, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
