import type * as WorkerThreads from 'node:worker_threads';
import { StrataError } from '@strata/core';
import { reviveError } from './loader-errors.js';
import type { BatchJob, BatchReply, WorkerInit } from './worker-protocol.js';

/** @internal A successful reply. */
export type BatchResult = Exclude<BatchReply, { kind: 'error' }>;

interface Pending {
  resolve(reply: BatchResult): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: WorkerThreads.Worker;
  readonly pending: Map<number, Pending>;
  failure: Error | undefined;
}

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

/**
 * @internal The worker threads of one epoch. `run` sends a job to one worker and resolves with
 * its reply; a worker holds the process open only while it has jobs, so an iteration abandoned
 * without `break` cannot keep Node running. `close` terminates them all.
 */
export class WorkerPool {
  readonly #slots: Slot[] = [];
  #closed = false;
  #nextId = 0;

  constructor(threads: typeof WorkerThreads, count: number, init: WorkerInit) {
    const { script, options } = workerEntry();
    for (let k = 0; k < count; k++) {
      const worker = new threads.Worker(script, { ...options, workerData: init });
      const slot: Slot = { worker, pending: new Map(), failure: undefined };
      worker.unref();
      worker.on('message', (reply: BatchReply) => this.#settle(slot, reply));
      worker.on('error', (error: Error) => this.#fail(slot, k, `${error.name}: ${error.message}`));
      worker.on('exit', (code: number) => this.#fail(slot, k, `an exit with code ${code}`));
      this.#slots.push(slot);
    }
  }

  /** Runs `job` on worker `index`, transferring `transfer` to it. */
  run(index: number, job: Omit<BatchJob, 'id'>, transfer: ArrayBuffer[]): Promise<BatchResult> {
    const slot = this.#slots[index]!;
    if (slot.failure !== undefined) return Promise.reject(slot.failure);
    const id = this.#nextId++;
    return new Promise<BatchResult>((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref();
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
    const pending = slot.pending.get(reply.id);
    if (pending === undefined) return;
    slot.pending.delete(reply.id);
    if (slot.pending.size === 0) slot.worker.unref();
    if (reply.kind === 'error') pending.reject(reviveError(reply.error));
    else pending.resolve(reply);
  }

  #fail(slot: Slot, index: number, what: string): void {
    if (this.#closed || slot.failure !== undefined) return;
    slot.failure = new StrataError(
      `DataLoader: expected worker ${index} to run until the epoch ends, got ${what}; check that the transform's toSpec() names transforms the workers can rebuild (custom ones are rebuilt through workerImports), or use numWorkers: 0.`,
    );
    for (const pending of slot.pending.values()) pending.reject(slot.failure);
    slot.pending.clear();
  }
}
