import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles `gemm-flavour.ts` from source into `dir/gemm-flavour.mjs`, a program for a Node process
 * of its own, and returns its path; `keepNames` as esbuild's option (tsx turns it on).
 */
export async function bundleGemmFlavour(dir: string, keepNames = false): Promise<string> {
  const program = join(dir, 'gemm-flavour.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./gemm-flavour.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@strata/source'],
    keepNames,
    outfile: program,
    logLevel: 'silent',
  });
  return program;
}
