import { ArgumentError } from '@strata/core';
import { envVar, nodeBuiltin } from './runtime.js';
import { threadsUnavailableReason, wasmHeap } from './wasm/load-wasm.js';

let pending: Promise<void> = Promise.resolve();

/**
 * Runs the CPU backend's threaded WebAssembly kernels (matrix products, convolutions, pooling,
 * generated elementwise loops) on `n` threads:
 * the calling thread plus `n - 1` worker threads sharing its memory. Resolves once they have
 * started; until then kernels keep running on the threads already there. Results are
 * bit-identical for every thread count. Where threads are unavailable (see
 * {@link threadsUnavailableReason}) only `n = 1` is accepted.
 *
 * The default is `$STRATA_NUM_THREADS`, else every core (`os.availableParallelism()` in Node,
 * `navigator.hardwareConcurrency` in browsers).
 *
 * @example
 * ```ts
 * await setNumThreads(1); // benchmark a single core
 * ```
 */
export function setNumThreads(n: number): Promise<void> {
  if (!Number.isInteger(n) || n < 1) {
    return Promise.reject(new ArgumentError(`setNumThreads: expected a positive integer, got ${n}.`));
  }
  const pool = wasmHeap?.pool;
  if (pool === undefined) {
    if (n === 1) return Promise.resolve();
    return Promise.reject(new ArgumentError(`setNumThreads: expected 1 here, got ${n}: ${threadsUnavailableReason}`));
  }
  pending = pending.catch(() => {}).then(() => pool.resize(n));
  return pending;
}

/**
 * The number of threads the CPU backend's WebAssembly kernels run on now (1 until {@link setNumThreads}'s
 * threads have started).
 *
 * @example
 * ```ts
 * await threadsReady();
 * getNumThreads(); // 2 on a 2-core machine
 * ```
 */
export function getNumThreads(): number {
  return wasmHeap?.pool?.size ?? 1;
}

/**
 * Resolves when the last requested thread count (the default one included) is in use.
 *
 * @example
 * ```ts
 * await threadsReady();
 * ```
 */
export function threadsReady(): Promise<void> {
  return pending;
}

function defaultThreads(): number {
  const fromEnv = Number(envVar('STRATA_NUM_THREADS'));
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  const os = nodeBuiltin('node:os');
  if (os !== undefined) return os.availableParallelism();
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

if (wasmHeap?.pool !== undefined) {
  const n = defaultThreads();
  if (n > 1) {
    // The default is best effort: without its workers the backend is still correct, on one thread.
    pending = setNumThreads(n).catch((error: Error) =>
      console.warn(`@strata/backend-cpu: running on one thread: ${error.message}`),
    );
  }
}
