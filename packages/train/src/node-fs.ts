import { ArgumentError } from '@strata/core';

/**
 * @internal `node:fs/promises` for `fn`, loaded through `process.getBuiltinModule` rather than
 * imported, so that bundling the package for a browser never has to resolve it; outside Node an
 * `ArgumentError` saying that `fn` reads files.
 *
 * @example
 * ```ts
 * const { readFile } = nodeFsPromises('loadCheckpoint');
 * ```
 */
export function nodeFsPromises(fn: string): typeof import('node:fs/promises') {
  const proc = globalThis.process as Partial<Pick<NodeJS.Process, 'getBuiltinModule'>> | undefined;
  if (typeof proc?.getBuiltinModule === 'function') return proc.getBuiltinModule('node:fs/promises');
  throw new ArgumentError(`${fn}: expected Node.js (it reads files), got a runtime without node:fs.`);
}
