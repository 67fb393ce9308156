import type { PeakFigure, WorkloadReport } from './report.js';
import { significant } from './statistics.js';

/**
 * strata's GEMM 1024³ GFLOP/s as a share of the probe's peak in `flavour` at the same thread
 * count, keyed `strata-cpu@<threads>`; thread counts without both figures are left out. Where
 * GEMM ran in alternating rounds, its first round is the one compared: the probe ran just before it.
 *
 * @example
 * ```ts
 * gemmShareOfPeak(workloads, probe, 'simd128'); // { 'strata-cpu@1': 0.93, 'strata-cpu@2': 0.88 }
 * ```
 */
export function gemmShareOfPeak(
  workloads: readonly WorkloadReport[],
  probe: readonly PeakFigure[],
  flavour: PeakFigure['flavour'],
): Record<string, number> {
  const shares: Record<string, number> = {};
  const gemm = workloads.find((w) => w.name === 'gemm-1024');
  for (const r of gemm?.results ?? []) {
    const peak = probe.find((p) => p.flavour === flavour && p.threads === r.threads);
    if (r.engine !== 'strata-cpu' || r.value === null || peak === undefined || peak.gflops <= 0) continue;
    shares[`strata-cpu@${r.threads}`] = significant((r.rounds?.[0] ?? r.value) / peak.gflops);
  }
  return shares;
}
