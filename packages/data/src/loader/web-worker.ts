import type { SpawnWorker } from './worker-host.js';
import type { BatchReply } from './worker-protocol.js';

// The slice of the DOM's Worker the loader uses; the package compiles without the DOM lib.
interface WebWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
  terminate(): void;
}
type WebWorkerConstructor = new (url: URL, options: { type: 'module' }) => WebWorker;

/**
 * @internal Spawns loader workers as module Web Workers (browsers), or `undefined` where there
 * is no `Worker`. A Web Worker has no `workerData`, so its first message is the `WorkerInit`.
 */
export function webWorkerSpawner(): SpawnWorker | undefined {
  const Worker = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  if (typeof Worker !== 'function') return undefined;
  return (init, events) => {
    // Written out as `new Worker(new URL(..., import.meta.url))` so bundlers (Vite, webpack)
    // recognise the worker entry and emit it; from the TypeScript source the entry is worker.ts.
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })
      : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => events.message(event.data as BatchReply);
    worker.onmessageerror = () => events.error('a message that could not be deserialized');
    worker.onerror = (event) => {
      // Handled here: the pool rejects the epoch with it, so the page need not log it again.
      event.preventDefault();
      events.error(event.message ? event.message : 'an error loading or running the worker script');
    };
    worker.postMessage(init);
    return {
      postMessage: (job, transfer) => worker.postMessage(job, transfer),
      keepAlive: () => {},
      terminate: async () => worker.terminate(),
    };
  };
}
