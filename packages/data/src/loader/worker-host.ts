import { nodeWorkerSpawner } from './node-worker.js';
import type { BatchJob, BatchReply, WorkerInit } from './worker-protocol.js';
import { webWorkerSpawner } from './web-worker.js';

/** @internal What a worker reports back to its pool. */
export interface WorkerEvents {
  message(reply: BatchReply): void;
  /** The worker failed or stopped; `what` finishes "expected worker k to run ..., got". */
  error(what: string): void;
  /** The worker's script could not load or start; `what` says how it failed. */
  loadFailed(what: string): void;
}

/**
 * @internal One loader worker, whatever runs it: the few calls the pool needs, so the protocol,
 * ordering, error surfacing and teardown live once in `WorkerPool`.
 */
export interface LoaderWorker {
  postMessage(job: BatchJob, transfer: ArrayBuffer[]): void;
  /** Whether the worker may keep the process alive (Node); a no-op where nothing can. */
  keepAlive(active: boolean): void;
  terminate(): Promise<void>;
}

/** @internal Starts one worker that rebuilds the transform from `init`. */
export type SpawnWorker = (init: WorkerInit, events: WorkerEvents) => LoaderWorker;

/** @internal Node's worker threads, else Web Workers, else `undefined` (no workers here). */
export function workerSpawner(): SpawnWorker | undefined {
  return nodeWorkerSpawner() ?? webWorkerSpawner();
}
