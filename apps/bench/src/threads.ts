/**
 * The thread counts strata's CPU kernels are measured at. On this branch the pure-TypeScript
 * kernels run on the calling thread only and `@strata/backend-cpu` has no thread knob, so there
 * is one: 1.
 */
export const STRATA_THREAD_COUNTS: readonly number[] = [1];

/**
 * Runs `run` once per entry of {@link STRATA_THREAD_COUNTS} and returns the results in order. This
 * is the one place that sets strata's thread count: once `@strata/backend-cpu` exports
 * `setNumThreads(n)`, the counts become 1 and 2 (the figures) and the loop awaits
 * `setNumThreads(threads)` before each `run(threads)`.
 *
 * @example
 * ```ts
 * const results = await forEachStrataThreadCount(async (threads) => timeGemm(threads));
 * ```
 */
export async function forEachStrataThreadCount<T>(run: (threads: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const threads of STRATA_THREAD_COUNTS) results.push(await run(threads));
  return results;
}
