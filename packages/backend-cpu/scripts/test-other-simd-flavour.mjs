// Runs the test files that exercise the WebAssembly kernels a second time, on the build that
// `vitest run` did not load: the SIMD128 build (STRATA_WASM=simd128) where this Node validates
// relaxed SIMD, else the relaxed-SIMD build where --experimental-wasm-relaxed-simd makes it
// validate (Node 20). Where neither applies it prints why and runs nothing.
//
//   node scripts/test-other-simd-flavour.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GENERATED_PATH } from './csrc-hash.mjs';

const root = new URL('..', import.meta.url).pathname;
const FLAG = '--experimental-wasm-relaxed-simd';
const FILES = [
  'src/conformance.test.ts',
  'src/threads.test.ts',
  'src/kernels/',
  'src/kernel-epilogues-exact.test.ts',
  'src/wasm-storage.test.ts',
  'src/wasm/non-shared-heap.test.ts',
  'src/wasm/kernels-wasm.test.ts',
];

const generated = readFileSync(join(root, GENERATED_PATH), 'utf8');
const relaxed = generated.match(/^export const KERNELS_RELAXED_WASM_BASE64 =\n {2}'([^']+)';$/m)?.[1];
if (relaxed === undefined) {
  console.error(`test-other-simd-flavour: expected KERNELS_RELAXED_WASM_BASE64 in ${GENERATED_PATH}, found none.`);
  process.exit(1);
}
const validates = `process.exit(WebAssembly.validate(Buffer.from(process.argv.at(-1), 'base64')) ? 0 : 3)`;
let flavour;
let args = [];
let env = {};
if (WebAssembly.validate(Buffer.from(relaxed, 'base64'))) {
  flavour = 'simd128';
  env = { STRATA_WASM: 'simd128' };
} else if (spawnSync(process.execPath, [FLAG, '-e', validates, relaxed]).status === 0) {
  flavour = 'relaxed-simd';
  args = [`--execArgv=${FLAG}`];
} else {
  console.log(
    `test-other-simd-flavour: skipped: Node ${process.version} validates relaxed SIMD neither by default nor with ${FLAG}, so only the SIMD128 build can run here.`,
  );
  process.exit(0);
}
console.log(`test-other-simd-flavour: the kernel tests again, on the ${flavour} build`);
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', ...args, ...FILES], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
process.exit(run.status ?? 1);
