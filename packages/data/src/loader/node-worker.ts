import type * as WorkerThreads from 'node:worker_threads';
import type { SpawnWorker } from './worker-host.js';
import type { BatchReply } from './worker-protocol.js';

/** @internal `node:worker_threads`, or `undefined` where it does not exist (browsers). */
export function workerThreads(): typeof WorkerThreads | undefined {
  // Loaded at run time rather than imported, so that the package still imports in a browser.
  const proc = (globalThis as { process?: Partial<Pick<NodeJS.Process, 'getBuiltinModule'>> }).process;
  return typeof proc?.getBuiltinModule === 'function' ? proc.getBuiltinModule('node:worker_threads') : undefined;
}

function workerEntry(): { script: string | URL; options: WorkerThreads.WorkerOptions } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./worker.js', import.meta.url), options: {} };
  // Running from the TypeScript source (vitest, tsx): Node 20 cannot load a .ts worker, and hooks
  // given with `--import` do not reach a worker's entry module, so an inline bootstrap registers
  // tsx and then imports the worker; the condition resolves workspace packages to their source too.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  return {
    script: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    options: { eval: true, execArgv: ['--conditions=@strata/source'] },
  };
}

/** @internal Spawns loader workers as Node worker threads, or `undefined` outside Node. */
export function nodeWorkerSpawner(): SpawnWorker | undefined {
  const threads = workerThreads();
  if (threads === undefined) return undefined;
  return (init, events) => {
    const { script, options } = workerEntry();
    const worker = new threads.Worker(script, { ...options, workerData: init });
    // Unreferenced while idle, so an iteration abandoned without `break` cannot keep Node running.
    worker.unref();
    worker.on('message', (reply: BatchReply) => events.message(reply));
    worker.on('error', (error: Error) => events.error(`${error.name}: ${error.message}`));
    worker.on('exit', (code: number) => events.error(`an exit with code ${code}`));
    return {
      postMessage: (job, transfer) => worker.postMessage(job, transfer),
      keepAlive: (active) => (active ? worker.ref() : worker.unref()),
      terminate: async () => {
        await worker.terminate();
      },
    };
  };
}
