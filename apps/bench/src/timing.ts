import { median } from './statistics.js';

/**
 * How long to time a call: untimed warm-up calls until `warmUpMs` have passed (at least one),
 * then at least `minRuns` and at most `maxRuns` timed calls, stopping once `budgetMs` of timed
 * calls have run.
 *
 * @example
 * ```ts
 * const plan: TimingPlan = { warmUpMs: 0, minRuns: 3, maxRuns: 10, budgetMs: 2000 };
 * ```
 */
export interface TimingPlan {
  warmUpMs: number;
  minRuns: number;
  maxRuns: number;
  budgetMs: number;
}

/**
 * The plan every benchmark uses unless a slow reference needs fewer calls. The warm-up lasts
 * 300 ms because a call's read-back copy is a fresh JavaScript array, and until V8's heap has
 * grown to hold such arrays each one faults its pages in, which is slow on a virtual machine
 * (measured in docs/adr/0005-webassembly-cpu-kernels.md, "The bench alternates strata's and
 * PyTorch's rounds").
 */
export const DEFAULT_PLAN: TimingPlan = { warmUpMs: 300, minRuns: 3, maxRuns: 15, budgetMs: 2500 };

/**
 * The median wall time of `fn` in milliseconds under `plan`, and how many timed calls it is the
 * median of. The warm-up calls let JIT compilation, wasm instantiation and buffer pools settle.
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
  const warmUpEnd = performance.now() + plan.warmUpMs;
  do await fn();
  while (performance.now() < warmUpEnd);
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
