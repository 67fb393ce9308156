import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetNotFoundError, FashionMNIST, MNIST } from '@strata/data';
import { MODELS } from '@strata/models';
import { BACKEND_PACKAGES, backendProblem } from '../run/backends.js';
import type { Io } from './io.js';

/** The version in the package.json above the package's resolved entry (exports hide the file itself). */
function versionOf(pkg: string): string {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.resolve(pkg)));
  } catch {
    return 'not installed';
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

function datasetSource(open: () => { source: { kind: string; path?: string } }): string {
  try {
    const { source } = open();
    return `${source.kind}${source.path === undefined ? '' : ` ${source.path}`}`;
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    return error instanceof DatasetNotFoundError ? `not found (${first})` : `unusable (${first})`;
  }
}

/**
 * `strata info`: the backends that can run here (and why one cannot), where the data sets are
 * found, the models, and versions.
 *
 * @example
 * ```ts
 * await infoCommand({ json: true }, io);
 * ```
 */
export async function infoCommand(flags: { json?: boolean }, io: Io): Promise<number> {
  const backends: Record<string, string> = {};
  for (const name of Object.keys(BACKEND_PACKAGES)) {
    const problem = await backendProblem(name);
    backends[name] = problem ?? 'available';
  }
  const datasets = {
    'fashion-mnist': datasetSource(() => new FashionMNIST({ train: false })),
    mnist: datasetSource(() => new MNIST({ train: false })),
  };
  const versions: Record<string, string> = { node: process.versions.node };
  for (const pkg of [
    '@strata/core',
    '@strata/backend-cpu',
    '@strata/backend-gpu',
    '@strata/nn',
    '@strata/optim',
    '@strata/data',
    '@strata/models',
    '@strata/train',
  ])
    versions[pkg] = versionOf(pkg);
  if (flags.json === true) {
    io.stdout.write(`${JSON.stringify({ backends, datasets, models: Object.keys(MODELS), versions })}\n`);
    return 0;
  }
  const lines = [
    'backends:',
    ...Object.entries(backends).map(([k, v]) => `  ${k.padEnd(4)} ${v}`),
    'data sets:',
    ...Object.entries(datasets).map(([k, v]) => `  ${k.padEnd(14)} ${v}`),
    '  (Fashion-MNIST found nowhere falls back to the embedded sample of 6,000 / 1,000 images)',
    `models: ${Object.keys(MODELS).join(', ')}`,
    'versions:',
    ...Object.entries(versions).map(([k, v]) => `  ${k.padEnd(20)} ${v}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
