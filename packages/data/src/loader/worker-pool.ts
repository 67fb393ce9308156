import { StrataError } from '@strata/core';
import { reviveError } from './loader-errors.js';
import type { LoaderWorker, SpawnWorker } from './worker-host.js';
import type { BatchJob, BatchReply, WorkerInit } from './worker-protocol.js';

/** @internal A successful reply. */
export type BatchResult = Exclude<BatchReply, { kind: 'error' }>;

interface Pending {
  resolve(reply: BatchResult): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: LoaderWorker;
  readonly pending: Map<number, Pending>;
  failure: Error | undefined;
}

/**
 * @internal The workers of one epoch, Node worker threads or Web Workers (`spawn` picks). `run`
 * sends a job to one worker and resolves with its reply; in Node a worker holds the process open
 * only while it has jobs, so an iteration abandoned without `break` cannot keep Node running.
 * `close` terminates them all.
 */
export class WorkerPool {
  readonly #slots: Slot[] = [];
  #closed = false;
  #nextId = 0;

  constructor(spawn: SpawnWorker, count: number, init: WorkerInit) {
    for (let k = 0; k < count; k++) {
      // Events arrive asynchronously, after `slot` below exists.
      const worker = spawn(init, {
        message: (reply) => this.#settle(slot, reply),
        error: (what) => this.#fail(slot, k, what),
        loadFailed: (what) => this.#fail(slot, k, what, 'load'),
      });
      const slot: Slot = { worker, pending: new Map(), failure: undefined };
      this.#slots.push(slot);
    }
  }

  /** Runs `job` on worker `index`, transferring `transfer` to it. */
  run(index: number, job: Omit<BatchJob, 'id'>, transfer: ArrayBuffer[]): Promise<BatchResult> {
    const slot = this.#slots[index]!;
    if (slot.failure !== undefined) return Promise.reject(slot.failure);
    const id = this.#nextId++;
    return new Promise<BatchResult>((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.keepAlive(true);
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...job, id } satisfies BatchJob, transfer);
    });
  }

  /** Terminates every worker; pending jobs never settle. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #settle(slot: Slot, reply: BatchReply): void {
    // A reply that arrives while the workers terminate must not unreference its worker: Node
    // keeps a terminating worker referenced until it exits, and unreferencing it there lets the
    // process end mid-close with exit code 13 (unsettled top-level await) and no message.
    if (this.#closed) return;
    const pending = slot.pending.get(reply.id);
    if (pending === undefined) return;
    slot.pending.delete(reply.id);
    if (slot.pending.size === 0) slot.worker.keepAlive(false);
    if (reply.kind === 'error') pending.reject(reviveError(reply.error));
    else pending.resolve(reply);
  }

  #fail(slot: Slot, index: number, what: string, stage: 'load' | 'run' = 'run'): void {
    if (this.#closed || slot.failure !== undefined) return;
    slot.failure = new StrataError(
      stage === 'load'
        ? `DataLoader: expected worker ${index} to load its script, got ${what}; in a browser the page's Content-Security-Policy must allow blob: workers (worker-src blob:), or use numWorkers: 0.`
        : `DataLoader: expected worker ${index} to run until the epoch ends, got ${what}; check that the transform's toSpec() names transforms the workers can rebuild (custom ones are rebuilt through workerImports), or use numWorkers: 0.`,
    );
    for (const pending of slot.pending.values()) pending.reject(slot.failure);
    slot.pending.clear();
  }
}
