import type { SpawnWorker } from './worker-host.js';
import type { BatchReply } from './worker-protocol.js';
import { LOADER_WORKER_SCRIPT } from './worker-script.generated.js';

// The slice of the DOM's Worker the loader uses; the package compiles without the DOM lib.
interface WebWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
  terminate(): void;
}
type WebWorkerConstructor = new (url: string, options: { type: 'module' }) => WebWorker;

let scriptUrl: string | undefined;

/**
 * @internal Spawns loader workers as module Web Workers (browsers), or `undefined` where there
 * is no `Worker`. The worker is the bundled script (scripts/bundle-worker.mjs) behind a Blob URL,
 * so no bundler has to find and emit a worker file. A Web Worker has no `workerData`, so its first
 * message is the `WorkerInit`.
 */
export function webWorkerSpawner(): SpawnWorker | undefined {
  const Worker = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  if (typeof Worker !== 'function' || typeof Blob !== 'function') return undefined;
  return (init, events) => {
    let worker: WebWorker;
    try {
      scriptUrl ??= URL.createObjectURL(new Blob([LOADER_WORKER_SCRIPT], { type: 'text/javascript' }));
      worker = new Worker(scriptUrl, { type: 'module' });
    } catch (error) {
      // A Content-Security-Policy without blob: workers can refuse the worker right here.
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      queueMicrotask(() => events.loadFailed(what));
      return { postMessage: () => {}, keepAlive: () => {}, terminate: async () => {} };
    }
    worker.onmessage = (event) => events.message(event.data as BatchReply);
    worker.onmessageerror = () => events.error('a message that could not be deserialized');
    worker.onerror = (event) => {
      // Handled here: the pool rejects the epoch with it, so the page need not log it again.
      event.preventDefault();
      // An error thrown in the worker comes with its message; a script that failed to load or
      // parse comes as a bare event.
      if (event.message) events.error(event.message);
      else events.loadFailed('an error event without a message: the worker script did not load');
    };
    worker.postMessage(init);
    return {
      postMessage: (job, transfer) => worker.postMessage(job, transfer),
      keepAlive: () => {},
      terminate: async () => worker.terminate(),
    };
  };
}
