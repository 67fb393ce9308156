// The worker entry of the DataLoader, for a Node worker thread and a module Web Worker alike:
// rebuilds the dataset's transform once, then answers each batch job (worker-handler.ts).
import { workerThreads } from './worker-threads.js';
import { createBatchHandler, type WorkerReply } from './worker-handler.js';
import type { BatchJob, WorkerInit } from './worker-protocol.js';

// The global scope of a Web Worker, typed by hand: the package compiles without the DOM lib.
interface WorkerScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
}

const port = workerThreads()?.parentPort;
if (port) {
  const handle = await createBatchHandler(workerThreads()!.workerData as WorkerInit);
  port.on('message', (job: BatchJob) => {
    const { reply, transfer } = handle(job);
    port.postMessage(reply, transfer);
  });
} else {
  // A Web Worker has no workerData: its first message is the WorkerInit. The handler must be
  // installed now, before any await, or messages that arrive meanwhile are dropped.
  const scope = globalThis as unknown as WorkerScope;
  let ready: Promise<(job: BatchJob) => WorkerReply> | undefined;
  scope.onmessage = (event) => {
    if (ready === undefined) {
      ready = createBatchHandler(event.data as WorkerInit);
      // A rejection inside a Web Worker does not reach the page; an uncaught throw does, as the
      // Worker's error event, which is how Node reports a failed start too.
      ready.catch((error: unknown) =>
        setTimeout(() => {
          throw error;
        }),
      );
      return;
    }
    const job = event.data as BatchJob;
    // Callbacks on one promise run in the order they were added, so jobs stay in order.
    ready.then(
      (handle) => {
        const { reply, transfer } = handle(job);
        scope.postMessage(reply, transfer);
      },
      () => {},
    );
  };
}
