import type * as NodeOs from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';

/**
 * An environment variable in Node, `undefined` in a browser (or when unset).
 *
 * @example
 * ```ts
 * if (envVar('STRATA_WASM') === 'off') console.log('TypeScript kernels only');
 * ```
 */
export function envVar(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}

/**
 * A Node built-in module loaded at run time (`process.getBuiltinModule`) rather than imported,
 * so the package still imports in a browser, where this is `undefined`.
 *
 * @example
 * ```ts
 * const cores = nodeBuiltin('node:os')?.availableParallelism();
 * ```
 */
export function nodeBuiltin(id: 'node:os'): typeof NodeOs | undefined;
export function nodeBuiltin(id: 'node:worker_threads'): typeof WorkerThreads | undefined;
export function nodeBuiltin(id: 'node:os' | 'node:worker_threads'): typeof NodeOs | typeof WorkerThreads | undefined {
  const proc = (globalThis as { process?: Partial<Pick<NodeJS.Process, 'getBuiltinModule'>> }).process;
  return typeof proc?.getBuiltinModule === 'function' ? proc.getBuiltinModule(id) : undefined;
}
