// The hash of csrc/ that src/wasm/kernels-wasm.generated.ts records, shared by build-wasm.mjs
// (which writes it) and kernels-wasm.test.ts (which compares it with csrc/ as it is now).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed kernels are built with this clang (Debian 12's), so CI can rebuild them byte for byte. */
export const PINNED_CLANG = 'clang version 14.0.6';

/** The generated module, relative to the package root. */
export const GENERATED_PATH = 'src/wasm/kernels-wasm.generated.ts';

/** The C sources and headers under csrc/, relative to the package root, sorted. */
export function csrcSources(root) {
  return readdirSync(join(root, 'csrc'))
    .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
    .sort()
    .map((f) => `csrc/${f}`);
}

/** sha256 over every source's name and bytes, in order. */
export function csrcHash(root) {
  const hash = createHash('sha256');
  for (const file of csrcSources(root)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
