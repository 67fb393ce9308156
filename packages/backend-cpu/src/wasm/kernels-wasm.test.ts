import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csrcHash, GENERATED_PATH } from '../../scripts/csrc-hash.mjs';
import { KERNELS_RELAXED_WASM_BASE64 } from './kernels-wasm.generated.js';
import { wasmSimdFlavour } from './load-wasm.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the committed WebAssembly kernels', () => {
  it('were generated from csrc/ as it is', () => {
    const header = readFileSync(`${root}/${GENERATED_PATH}`, 'utf8').match(/^\/\/ csrc sha256: ([0-9a-f]{64})$/m);
    expect(header, `${GENERATED_PATH} has no csrc sha256 line`).not.toBeNull();
    const current = csrcHash(root);
    if (header![1] !== current) {
      throw new Error(
        `${GENERATED_PATH} was built from another csrc/ (sha256 ${header![1]}, csrc/ is now ${current}): run \`pnpm --filter @strata/backend-cpu build:wasm\` (needs clang 14 and lld: sudo apt-get install clang lld) and commit the regenerated file.`,
      );
    }
  });

  // scripts/test-other-simd-flavour.mjs reruns this file with the flag or STRATA_WASM=simd128.
  it('load as the relaxed-SIMD build exactly where the runtime validates it, else as SIMD128', () => {
    const relaxed = WebAssembly.validate(Buffer.from(KERNELS_RELAXED_WASM_BASE64, 'base64'));
    expect(wasmSimdFlavour).toBe(relaxed && process.env.STRATA_WASM !== 'simd128' ? 'relaxed-simd' : 'simd128');
  });
});
