// The Debian/Ubuntu packages that parts of strata's development and tests need, by purpose. None
// is needed to install, build or use the packages: `npm start` and `npm test` work with Node and
// npm alone, and `npm test` installs these when it runs as root or with passwordless sudo
// (scripts/bootstrap.mjs); otherwise the suites that need them skip, saying which command
// enables them.
import { spawnSync } from 'node:child_process';

/** Package groups, each with what it enables. */
export const SYSTEM_PACKAGES = {
  glBuild: {
    packages: [
      'build-essential',
      'python3',
      'pkg-config',
      'libxi-dev',
      'libxext-dev',
      'libx11-dev',
      'libglu1-mesa-dev',
      'libglew-dev',
    ],
    purpose: 'compiling the native `gl` module (headless WebGL for the GPU backend in Node)',
  },
  glRun: {
    packages: ['xvfb', 'xauth', 'libgl1-mesa-dri'],
    purpose: 'running headless GL under a virtual X display',
  },
  chromium: {
    packages: ['chromium'],
    purpose: 'the browser tests and the bundler examples (WebGL2 and Web Workers in headless Chromium)',
  },
  wasm: {
    packages: ['clang', 'lld'],
    purpose: "rebuilding the CPU backend's WebAssembly kernels from csrc/ (the built ones are committed)",
  },
  fashionMnist: {
    packages: ['dataset-fashion-mnist'],
    purpose: 'the full Fashion-MNIST in /usr/share/datasets/fashion-mnist (else the embedded sample)',
  },
  fonts: {
    packages: ['fonts-dejavu-core'],
    purpose: "the text of the CLI's PNG plots",
  },
};

/** Every package of every group. */
export const ALL_SYSTEM_PACKAGES = Object.values(SYSTEM_PACKAGES).flatMap((group) => group.packages);

/** The packages of `names` that dpkg does not report installed; `undefined` without dpkg. */
export function missingPackages(names) {
  const result = spawnSync('dpkg-query', ['-W', '-f=\${Package} \${db:Status-Status}\n', ...names], {
    encoding: 'utf8',
  });
  if (result.error) return undefined;
  const installed = new Set(
    result.stdout
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return names.filter((name) => !installed.has(name));
}

/** The command that installs the groups `keys` and reruns the tests. */
export function enableCommand(keys) {
  const packages = keys.flatMap((key) => SYSTEM_PACKAGES[key].packages);
  return `sudo apt-get install -y ${packages.join(' ')} && npm test`;
}
