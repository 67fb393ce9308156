/**
 * The thread count strata's CPU kernels run with on this branch: the pure-TypeScript kernels run
 * on the calling thread only, and `@strata/backend-cpu` has no thread knob yet.
 */
export const DEFAULT_STRATA_THREADS = 1;

/**
 * Runs `run` once per thread count strata is measured at and returns the results in order. This
 * is the one place that sets strata's thread count: once `@strata/backend-cpu` exports
 * `setNumThreads(n)`, this loops over 1 and 2 (the figures) and awaits
 * `setNumThreads(threads)` before each `run(threads)`; until then it runs the default only.
 *
 * @example
 * ```ts
 * const results = await forEachStrataThreadCount(async (threads) => timeGemm(threads));
 * ```
 */
export async function forEachStrataThreadCount<T>(run: (threads: number) => Promise<T>): Promise<T[]> {
  return [await run(DEFAULT_STRATA_THREADS)];
}
