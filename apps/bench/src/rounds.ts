import { computeRatios, resultLabel } from './ratios.js';
import type { EngineResult, WorkloadReport } from './report.js';
import { significant } from './statistics.js';
import type { TorchFigures } from './torch.js';

/**
 * strata's figures from one round after the first, per workload name: the workloads PyTorch
 * also runs, measured again between two of PyTorch's rounds.
 *
 * @example
 * ```ts
 * const round: StrataRound = { 'gemm-1024': [{ engine: 'strata-cpu', threads: 1, value: 44 }] };
 * ```
 */
export type StrataRound = Record<string, EngineResult[]>;

/**
 * One engine's figures at one thread count, one per round in the order they ran, as the one
 * figure the report gives: the round whose value is the median, with every round's value in
 * `rounds`. The count must be odd, so that the median is a figure that was measured.
 *
 * @example
 * ```ts
 * medianRound([
 *   { engine: 'pytorch', threads: 1, value: 12 },
 *   { engine: 'pytorch', threads: 1, value: 10 },
 *   { engine: 'pytorch', threads: 1, value: 11 },
 * ]); // { engine: 'pytorch', threads: 1, value: 11, rounds: [12, 10, 11] }
 * ```
 */
export function medianRound(perRound: readonly EngineResult[]): EngineResult {
  if (perRound.length % 2 === 0)
    throw new RangeError(
      `medianRound: expected an odd number of rounds, got ${perRound.length}; pass an odd --rounds.`,
    );
  const values = perRound.map((r) => {
    if (r.value === null)
      throw new RangeError(
        `medianRound: expected a figure of ${resultLabel(r)} in every round, got none in one; measure only what every round can run.`,
      );
    return r.value;
  });
  const middle = [...values].sort((a, b) => a - b)[(values.length - 1) / 2]!;
  const chosen = perRound[values.indexOf(middle)]!;
  return perRound.length === 1 ? chosen : { ...chosen, rounds: values };
}

function sameColumn(a: EngineResult, b: EngineResult): boolean {
  return a.engine === b.engine && a.threads === b.threads;
}

/** strata's result `first` (from the first round) combined with its figures from the later rounds. */
function strataAcrossRounds(name: string, first: EngineResult, later: readonly StrataRound[]): EngineResult {
  if (later.length === 0) return first;
  const perRound = later.map((round, i) => {
    const result = round[name]?.find((r) => sameColumn(r, first));
    if (result === undefined)
      throw new Error(
        `mergeRounds: expected ${resultLabel(first)} of ${name} in strata's round ${i + 2}, got none; every round must run the same workloads at the same thread counts.`,
      );
    return result;
  });
  return medianRound([first, ...perRound]);
}

/** PyTorch's figures for workload `name`, one result per thread count, each the median of its rounds. */
function torchAcrossRounds(name: string, torchRounds: readonly TorchFigures[]): EngineResult[] {
  const threadCounts = Object.keys(torchRounds[0]?.results[name] ?? {});
  return threadCounts.map((threads) =>
    medianRound(
      torchRounds.map((figures, i) => {
        const value = figures.results[name]?.[threads];
        if (value === undefined)
          throw new Error(
            `mergeRounds: expected PyTorch's ${name} at ${threads} threads in round ${i + 1}, got none; every round must run the same workloads at the same thread counts.`,
          );
        return { engine: 'pytorch', threads: Number(threads), value: significant(value) };
      }),
    ),
  );
}

/**
 * The report's workloads after alternating rounds: strata's first-round figures (in
 * `workloads`) and its figures from `strataRounds` (rounds 2, 3, …) become the median round of
 * each, and PyTorch's figures from `torchRounds` (rounds 1, 2, …) are added the same way to the
 * workloads they measure (matched by name). Ratios are recomputed ({@link computeRatios}: round by
 * round between figures that both have rounds). Workloads that neither touches are returned
 * unchanged.
 *
 * @example
 * ```ts
 * const merged = mergeRounds(workloads, [strataRound2, strataRound3], [torch1, torch2, torch3]);
 * ```
 */
export function mergeRounds(
  workloads: readonly WorkloadReport[],
  strataRounds: readonly StrataRound[],
  torchRounds: readonly TorchFigures[],
): WorkloadReport[] {
  return workloads.map((w) => {
    const repeated = strataRounds.some((round) => round[w.name] !== undefined);
    const torch = torchAcrossRounds(w.name, torchRounds);
    if (!repeated && torch.length === 0) return w;
    const strata = w.results.map((r) =>
      r.engine === 'strata-cpu' && repeated ? strataAcrossRounds(w.name, r, strataRounds) : r,
    );
    const results = [...strata, ...torch];
    return { ...w, results, ratios: computeRatios(results) };
  });
}
