import type { Engine, EngineResult, WorkloadReport } from './report.js';
import { significant } from './statistics.js';
import { DEFAULT_PLAN, type TimingPlan, timeCalls } from './timing.js';

/**
 * One engine's timed call: `work` is what one call does (FLOPs for GFLOP/s, images for
 * images/s), `batch` is set when the engine runs at a smaller batch than the workload.
 *
 * @example
 * ```ts
 * const call: TimedCall = { call: () => gemm(), work: 2 * 512 ** 3 };
 * ```
 */
export interface TimedCall {
  call: () => unknown;
  work: number;
  batch?: number;
  plan?: TimingPlan;
}

/**
 * Times `timed` and turns the median into the workload's unit.
 *
 * @example
 * ```ts
 * const r = await measure('strata-cpu', 1, 'GFLOP/s', { call: () => gemm(), work: 2 * 512 ** 3 });
 * ```
 */
export async function measure(
  engine: Engine,
  threads: number,
  unit: WorkloadReport['unit'],
  timed: TimedCall,
): Promise<EngineResult> {
  const { medianMs, runs } = await timeCalls(timed.call, timed.plan ?? DEFAULT_PLAN);
  const perSecond = (timed.work / medianMs) * 1000;
  return {
    engine,
    threads,
    value: significant(unit === 'GFLOP/s' ? perSecond / 1e9 : perSecond),
    medianMs: significant(medianMs, 4),
    runs,
    ...(timed.batch === undefined ? {} : { batch: timed.batch }),
  };
}
