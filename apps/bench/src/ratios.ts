import type { EngineResult } from './report.js';
import { significant } from './statistics.js';

/** `engine@threads`, the name of one column of results. */
export function resultLabel(r: Pick<EngineResult, 'engine' | 'threads'>): string {
  return `${r.engine}@${r.threads}`;
}

/**
 * strata's figure divided by each reference's, for every strata thread count and every reference
 * that produced a figure (higher is better for strata; 1 is a tie). A reference without a figure
 * (not implemented) gets no ratio rather than a misleading zero or infinity.
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
  const strata = results.filter((r) => r.engine === 'strata-cpu' && r.value !== null);
  const references = results.filter((r) => r.engine !== 'strata-cpu' && r.value !== null && r.value > 0);
  for (const s of strata) {
    for (const ref of references)
      ratios[`${resultLabel(s)} / ${resultLabel(ref)}`] = significant(s.value! / ref.value!);
  }
  return ratios;
}
