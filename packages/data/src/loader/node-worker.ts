import type { SpawnWorker } from './worker-host.js';
import type { BatchReply } from './worker-protocol.js';
import { LOADER_WORKER_SCRIPT } from './worker-script.generated.js';
import { workerThreads } from './worker-threads.js';

let scriptUrl: URL | undefined;

/**
 * @internal Spawns loader workers as Node worker threads, or `undefined` outside Node. The worker
 * is the bundled script (scripts/bundle-worker.mjs) as a data: URL, so there is no worker file to
 * find, whether the package runs from node_modules or inside an application's bundle.
 */
export function nodeWorkerSpawner(): SpawnWorker | undefined {
  const threads = workerThreads();
  if (threads === undefined) return undefined;
  scriptUrl ??= new URL(`data:text/javascript,${encodeURIComponent(LOADER_WORKER_SCRIPT)}`);
  const script = scriptUrl;
  return (init, events) => {
    const worker = new threads.Worker(script, { workerData: init });
    // Unreferenced while idle, so an iteration abandoned without `break` cannot keep Node running.
    worker.unref();
    let online = false;
    worker.on('online', () => {
      online = true;
    });
    worker.on('message', (reply: BatchReply) => events.message(reply));
    worker.on('error', (error: Error) =>
      (online ? events.error : events.loadFailed)(`${error.name}: ${error.message}`),
    );
    worker.on('exit', (code: number) => events.error(`an exit with code ${code}`));
    return {
      postMessage: (job, transfer) => worker.postMessage(job, transfer),
      keepAlive: (active) => (active ? worker.ref() : worker.unref()),
      terminate: async () => {
        // Node keeps running until the worker has exited: the worker's own handle (unreferenced
        // while idle) does not reliably do so, and without it a top-level `await` of the loader's
        // close (a `break` out of `for await`) ends the process with code 13 and no output.
        const alive = setInterval(() => {}, 60_000);
        try {
          await worker.terminate();
        } finally {
          clearInterval(alive);
        }
      },
    };
  };
}
