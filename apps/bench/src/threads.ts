import { setNumThreads } from '@strata/backend-cpu';

/**
 * The thread counts strata's CPU kernels are measured at: one core, and both cores of the
 * project's machine.
 */
export const STRATA_THREAD_COUNTS: readonly number[] = [1, 2];

/**
 * Runs `run` once per entry of {@link STRATA_THREAD_COUNTS}, after `setNumThreads(threads)` has
 * started that many kernel threads, and returns the results in order. This is the one place
 * that sets strata's thread count.
 *
 * @example
 * ```ts
 * const results = await forEachStrataThreadCount(async (threads) => timeGemm(threads));
 * ```
 */
export async function forEachStrataThreadCount<T>(run: (threads: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const threads of STRATA_THREAD_COUNTS) {
    await setNumThreads(threads);
    results.push(await run(threads));
  }
  return results;
}
