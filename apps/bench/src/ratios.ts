import type { EngineResult } from './report.js';
import { median, significant } from './statistics.js';

/** `engine@threads`, the name of one column of results. */
export function resultLabel(r: Pick<EngineResult, 'engine' | 'threads'>): string {
  return `${r.engine}@${r.threads}`;
}

/**
 * `numerator`'s figure over `denominator`'s, or null where either has none (or the denominator is
 * not positive). Where both were measured in the same alternating rounds, it is the median of
 * each round's ratio, so that a slow spell of the machine compares like with like; where only one
 * was, it takes that one's first round, the round measured beside the other's single figure.
 *
 * @example
 * ```ts
 * ratioOf({ engine: 'strata-cpu', threads: 1, value: 8, rounds: [9, 8, 4] }, { engine: 'pytorch', threads: 1, value: 10, rounds: [10, 10, 5] }); // 0.8
 * ```
 */
export function ratioOf(numerator: EngineResult, denominator: EngineResult): number | null {
  if (numerator.value === null || denominator.value === null || denominator.value <= 0) return null;
  const n = numerator.rounds;
  const d = denominator.rounds;
  if (n !== undefined && d !== undefined && n.length === d.length) return median(n.map((v, i) => v / d[i]!));
  return (n?.[0] ?? numerator.value) / (d?.[0] ?? denominator.value);
}

/**
 * strata's figure divided by each reference's ({@link ratioOf}), for every strata thread count and
 * every reference that produced a figure (higher is better for strata; 1 is a tie). A reference
 * without a figure (not implemented) gets no ratio rather than a misleading zero or infinity.
 *
 * @example
 * ```ts
 * computeRatios([
 *   { engine: 'strata-cpu', threads: 1, value: 6 },
 *   { engine: 'tfjs-cpu', threads: 1, value: 2 },
 * ]); // { 'strata-cpu@1 / tfjs-cpu@1': 3 }
 * ```
 */
export function computeRatios(results: readonly EngineResult[]): Record<string, number> {
  const ratios: Record<string, number> = {};
  const strata = results.filter((r) => r.engine === 'strata-cpu');
  const references = results.filter((r) => r.engine !== 'strata-cpu');
  for (const s of strata) {
    for (const ref of references) {
      const ratio = ratioOf(s, ref);
      if (ratio !== null) ratios[`${resultLabel(s)} / ${resultLabel(ref)}`] = significant(ratio);
    }
  }
  return ratios;
}
