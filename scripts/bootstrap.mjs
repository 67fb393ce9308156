// Makes a fresh clone runnable with nothing but Node and npm: finds or installs the pinned pnpm,
// installs the workspace dependencies when the lockfile changed, then runs `pnpm <args>`.
// Used by `npm start` and `npm test` so both work from a fresh clone.
//
// With --system-packages (`npm test`) it also sets up what the optional suites need: it installs
// the Debian packages of scripts/system-packages.mjs when it runs as root or with passwordless
// sudo, and otherwise says in one line per group what is missing, which tests skip and the
// command that enables them. Then it builds the native `gl` module (headless GL), which pnpm is
// told not to build: a failed build is one line here, not a node-gyp stack, and the build is tried
// again whenever the packages it needs have changed since the last failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_SYSTEM_PACKAGES, enableCommand, missingPackages, SYSTEM_PACKAGES } from './system-packages.mjs';

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
  // pnpm's update notice suggests installing with curl; the pinned version is the one to use.
  npm_config_update_notifier: 'false',
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

/** `command` as root: directly, through passwordless sudo, or `undefined` when neither works. */
function asRoot(command) {
  if (process.getuid?.() === 0) return command;
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n', ...command] : undefined;
}

function installSystemPackages() {
  const missing = missingPackages(ALL_SYSTEM_PACKAGES);
  if (missing === undefined || missing.length === 0) return;
  const update = asRoot(['apt-get', 'update', '-qq']);
  const install = asRoot(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  if (update !== undefined && install !== undefined) {
    console.log(`[bootstrap] installing system packages: ${missing.join(' ')}`);
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    const ok = [update, install].every(
      ([file, ...args]) => spawnSync(file, args, { env: aptEnv, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0,
    );
    if (ok) return;
    console.log('[bootstrap] apt-get failed (above); going on without those packages');
  }
  for (const group of Object.values(SYSTEM_PACKAGES)) {
    const absent = group.packages.filter((name) => missing.includes(name));
    if (absent.length === 0) continue;
    console.log(
      `[bootstrap] not installed: ${absent.join(' ')} (${group.purpose}); what needs them skips. Not root and no passwordless sudo; install with: sudo apt-get install -y ${absent.join(' ')}`,
    );
  }
}

const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, name)));

function buildHeadlessGl() {
  const link = join(root, 'packages', 'backend-gpu', 'node_modules', 'gl');
  if (!existsSync(link)) return;
  const glDir = realpathSync(link);
  const built = join(glDir, 'build', 'Release', 'webgl.node');
  if (existsSync(built)) return;
  // A build is kept per gl version and Node ABI outside the clone, so fresh clones (CI) reuse it.
  const { version } = JSON.parse(readFileSync(join(glDir, 'package.json'), 'utf8'));
  const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'strata');
  const cached = join(cacheDir, `gl-${version}-node-abi${process.versions.modules}-${process.platform}-${process.arch}.node`);
  if (existsSync(cached)) {
    mkdirSync(dirname(built), { recursive: true });
    copyFileSync(cached, built);
    console.log(`[bootstrap] headless GL: the native \`gl\` module built before (${cached})`);
    return;
  }
  const needed = SYSTEM_PACKAGES.glBuild.packages;
  const missing = missingPackages(needed) ?? [];
  const skip = `the GPU backend's Node suites skip; enable with: ${enableCommand(['glBuild', 'glRun'])}`;
  if (missing.length > 0) {
    console.log(
      `[bootstrap] headless GL: the native \`gl\` module is not built, it needs ${missing.join(' ')}; ${skip}`,
    );
    return;
  }
  // The build takes minutes; after a failure it is tried again only once the system has changed.
  const log = join(root, 'node_modules', '.strata-gl-build.log');
  const failedStamp = join(root, 'node_modules', '.strata-gl-build-failed');
  const state =
    spawnSync('dpkg-query', ['-W', '-f=\${Package} \${Version}\n', ...needed], { encoding: 'utf8' }).stdout ?? '';
  if (existsSync(failedStamp) && readFileSync(failedStamp, 'utf8') === state) {
    console.log(`[bootstrap] headless GL: the \`gl\` build failed before on these system packages (${log}); ${skip}`);
    return;
  }
  console.log('[bootstrap] headless GL: building the native `gl` module (a few minutes on 2 cores)');
  const nodeGyp = createRequire(join(glDir, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  const result = spawnSync(process.execPath, [nodeGyp, 'rebuild'], { cwd: glDir, env, encoding: 'utf8' });
  writeFileSync(log, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status === 0) {
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(built, cached);
    return;
  }
  writeFileSync(failedStamp, state);
  console.log(`[bootstrap] headless GL: the \`gl\` build failed (log: ${log}); ${skip}`);
}

const args = process.argv.slice(2);
const systemPackages = args[0] === '--system-packages';
if (systemPackages) {
  args.shift();
  installSystemPackages();
}
const pnpm = findPnpm();
installIfStale(pnpm);
if (systemPackages) buildHeadlessGl();
if (args.length > 0) {
  const result = spawnSync(pnpm, args, { cwd: root, env, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
