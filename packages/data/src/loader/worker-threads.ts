import type * as WorkerThreads from 'node:worker_threads';

/** @internal `node:worker_threads`, or `undefined` where it does not exist (browsers). */
export function workerThreads(): typeof WorkerThreads | undefined {
  // Loaded at run time rather than imported, so that the package still imports in a browser.
  const proc = (globalThis as { process?: Partial<Pick<NodeJS.Process, 'getBuiltinModule'>> }).process;
  return typeof proc?.getBuiltinModule === 'function' ? proc.getBuiltinModule('node:worker_threads') : undefined;
}
