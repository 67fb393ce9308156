import { median } from './statistics.js';

/**
 * How long to time a call: at least `minRuns` and at most `maxRuns` timed calls after one
 * untimed warm-up call, stopping once `budgetMs` of timed calls have run.
 *
 * @example
 * ```ts
 * const plan: TimingPlan = { minRuns: 3, maxRuns: 10, budgetMs: 2000 };
 * ```
 */
export interface TimingPlan {
  minRuns: number;
  maxRuns: number;
  budgetMs: number;
}

/** The plan every benchmark uses unless a slow reference needs fewer calls. */
export const DEFAULT_PLAN: TimingPlan = { minRuns: 3, maxRuns: 15, budgetMs: 2500 };

/**
 * The median wall time of `fn` in milliseconds under `plan`, and how many timed calls it is the
 * median of. The warm-up call lets JIT compilation, wasm instantiation and buffer pools settle.
 *
 * @example
 * ```ts
 * const { medianMs, runs } = await timeCalls(() => work(), DEFAULT_PLAN);
 * ```
 */
export async function timeCalls(
  fn: () => unknown,
  plan: TimingPlan = DEFAULT_PLAN,
): Promise<{ medianMs: number; runs: number }> {
  await fn();
  const times: number[] = [];
  let total = 0;
  while (times.length < plan.maxRuns && (times.length < plan.minRuns || total < plan.budgetMs)) {
    const start = performance.now();
    await fn();
    const elapsed = performance.now() - start;
    times.push(elapsed);
    total += elapsed;
  }
  return { medianMs: median(times), runs: times.length };
}
