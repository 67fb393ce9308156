import { resultLabel } from './ratios.js';
import { DEFAULT_PLAN } from './timing.js';
import type {
  BenchReport,
  BrowserReport,
  EngineResult,
  LoopComparison,
  SimdPeakReport,
  TargetResult,
  WorkloadReport,
} from './report.js';

const GROUP_TITLES: Record<WorkloadReport['group'], string> = {
  gemm: 'GEMM (float32)',
  conv2d: 'conv2d passes (float32, stride 1)',
  lenet: 'LeNet (lenetModern) at batch 256',
  resnet: 'ResNet-18 training (1/4 width, 32x32, batch 128)',
};

/** Notes under a group's title. */
const GROUP_NOTES: Partial<Record<WorkloadReport['group'], string[]>> = {
  resnet: [
    'A fixed number of steps after warm-up steps, timed together, the same way in strata and in',
    '`scripts/torch_bench.py`; both networks have the parameter count in the shape (the bench checks they agree).',
  ],
};

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumSignificantDigits: 3 });
}

/** The lowest and highest round, where the figure is the median of alternating rounds. */
function roundsRange(result: EngineResult): string {
  if (result.rounds === undefined) return '';
  return ` (${formatNumber(Math.min(...result.rounds))}–${formatNumber(Math.max(...result.rounds))})`;
}

function cell(result: EngineResult | undefined): string {
  if (result === undefined) return '—';
  if (result.value === null) return result.skipped === undefined ? 'not implemented' : 'skipped (too slow)';
  return result.batch === undefined
    ? `${formatNumber(result.value)}${roundsRange(result)}`
    : `${formatNumber(result.value)} (batch ${result.batch})`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function table(workloads: WorkloadReport[]): string[] {
  const columns = unique(workloads.flatMap((w) => w.results.map(resultLabel)));
  const present = new Set(workloads.flatMap((w) => Object.keys(w.ratios)));
  const strataColumns = columns.filter((c) => c.startsWith('strata-cpu@'));
  const ratioColumns = strataColumns.flatMap((s) => columns.map((c) => `${s} / ${c}`)).filter((r) => present.has(r));
  const unit = workloads[0]!.unit;
  const header = ['workload', 'shape', ...columns.map((c) => `${c} (${unit})`), ...ratioColumns];
  const rows = workloads.map((w) => [
    w.name,
    w.shape,
    ...columns.map((c) => cell(w.results.find((r) => resultLabel(r) === c))),
    ...ratioColumns.map((r) => (w.ratios[r] === undefined ? '—' : `${formatNumber(w.ratios[r])}×`)),
  ]);
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function loopTable(loops: readonly LoopComparison[]): string[] {
  const rows = loops.map((c) => [
    c.name,
    c.shape,
    String(c.threads),
    formatNumber(c.tidy.value),
    formatNumber(c.scoped.value),
    `${formatNumber(c.ratio)}×`,
    formatNumber(c.tidyWithoutBufferPool.value),
  ]);
  return [
    '## Loop styles (strata-cpu, images/s)',
    '',
    'The same training steps as a `tidy`-wrapped loop and as a PyTorch-style loop (a memory scope per',
    'iteration, no `tidy`), alternating call by call in one process; "scoped / tidy" compares the CPU',
    'time of paired calls. The last column runs the tidy loop on a CPU backend that does not reuse the',
    'buffers of disposed tensors.',
    '',
    '| workload | shape | threads | tidy | scoped | scoped / tidy | tidy, no buffer reuse |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function percent(share: number): string {
  return `${formatNumber(share * 100)} %`;
}

/** The peak beside the GEMM table: the probe at each thread count, and GEMM 1024³'s share of it. */
function gemmPeakLine(peak: SimdPeakReport): string {
  const figures = peak.probe
    .filter((p) => p.flavour === peak.gemmFlavour)
    .map((p) => {
      const share = peak.gemm1024OfPeak[`strata-cpu@${p.threads}`];
      return `${formatNumber(p.gflops)} GFLOP/s at ${p.threads} thread${p.threads === 1 ? '' : 's'}${share === undefined ? '' : ` (gemm-1024 strata-cpu@${p.threads}: ${percent(share)} of it)`}`;
    });
  return `${peak.gemmFlavour} peak from the register-only probe (below): ${figures.join('; ')}.`;
}

function peakSection(peak: SimdPeakReport): string[] {
  const rows = peak.probe.map((p) => [
    p.flavour,
    String(p.threads),
    formatNumber(p.gflops),
    formatNumber(p.perThread),
    p.flavour === peak.gemmFlavour && peak.gemm1024OfPeak[`strata-cpu@${p.threads}`] !== undefined
      ? percent(peak.gemm1024OfPeak[`strata-cpu@${p.threads}`]!)
      : '—',
  ]);
  return [
    '## SIMD128 peak (register-only probe)',
    '',
    'Independent f32x4 multiply-add chains held in registers (14 accumulators, no memory traffic),',
    'one probe per worker thread, all threads at once; the best of its timed calls (other work on the',
    'machine only lowers a call). GEMM 1024³ is',
    `strata's figure above as a share of the peak of the flavour its kernels ran (${peak.gemmFlavour}).`,
    ...(peak.unavailable === undefined ? [] : ['', `Not probed: ${peak.unavailable}.`]),
    '',
    '| flavour | threads | peak (GFLOP/s) | per thread (GFLOP/s) | GEMM 1024³ / peak |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function browserSection(b: BrowserReport): string[] {
  return [
    '## Headless Chromium (cross-origin isolated)',
    '',
    `${b.browser}; crossOriginIsolated ${b.crossOriginIsolated}; strata's WebAssembly kernels: ${b.strataSimd}, up to ${b.strataThreads} threads (setNumThreads); tfjs-wasm binary ${b.tfjsWasmBinary} on ${b.tfjsWasmThreads} thread${b.tfjsWasmThreads === 1 ? '' : 's'} (its getThreadsCount() after setThreadsCount(${b.tfjsWasmThreadsRequested})).`,
    '',
    ...table(b.workloads),
  ];
}

function targetCell(met: boolean | null | undefined): string {
  return met === null || met === undefined ? 'not measured' : met ? 'met' : 'missed';
}

function targetsSection(targets: readonly TargetResult[]): string[] {
  const rows = targets.map((t) => [
    t.name,
    `\`${t.ratio}\``,
    `≥ ${formatNumber(t.target)}${t.floor === undefined ? '' : ` (floor ${formatNumber(t.floor)})`}`,
    t.actual === null ? '—' : formatNumber(t.actual),
    `${targetCell(t.met)}${t.floor === undefined || t.met !== false ? '' : `; floor ${targetCell(t.floorMet)}`}`,
  ]);
  return [
    '## Targets',
    '',
    "The issue's targets, computed from this run's figures (ratios from one run on one machine).",
    '',
    '| target | ratio | goal | this run | |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function roundsNote(rounds: number | undefined): string {
  if (rounds === undefined || rounds === 1) return '';
  return ` On the workloads PyTorch runs, ${rounds} rounds of strata and of PyTorch alternated, so that a slow spell of the machine falls on both; each side's figure is its median round, with the lowest and highest round in brackets. A ratio between two such figures is the median of the rounds' ratios; against a reference measured once, strata's first round, measured beside it, is used.`;
}

/**
 * The bench report as markdown: the command, date and machine, what each engine ran on, then
 * one table per workload group with every engine's figure (`engine@threads`) and strata's
 * ratios to each reference.
 *
 * @example
 * ```ts
 * writeFileSync('docs/benchmarks.md', renderMarkdown(report));
 * ```
 */
export function renderMarkdown(report: BenchReport): string {
  const { machine, engines } = report;
  const simd = engines['strata-cpu'].simd;
  const torch =
    'skipped' in engines.pytorch
      ? engines.pytorch.skipped
      : `PyTorch ${engines.pytorch.version}, threads ${engines.pytorch.threads.join(' and ')} (torch.set_num_threads); glibc malloc keeps freed memory (MALLOC_TRIM_THRESHOLD_, MALLOC_TOP_PAD_), so that steps do not fault their buffers in again.${roundsNote(engines.pytorch.rounds)}`;
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`${report.command}\` on ${report.date}, at commit ${report.commit}.`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.platform}, Node ${machine.node}; load average ${machine.loadAverage} when the run started (other work on the machine slows every engine, the multi-threaded ones most).`,
    '',
    `- strata-cpu: ${engines['strata-cpu'].kernels}${simd === undefined ? '' : ` (${simd})`}; threads ${engines['strata-cpu'].threads.join(' and ')}.`,
    `- tfjs-cpu: TensorFlow.js ${engines['tfjs-cpu'].version} CPU backend (plain JS), ${engines['tfjs-cpu'].threads} thread.`,
    `- tfjs-wasm: TensorFlow.js ${engines['tfjs-wasm'].version} wasm backend (XNNPACK), binary ${engines['tfjs-wasm'].binary}, ${engines['tfjs-wasm'].threads} thread.`,
    `- pytorch: ${torch}`,
    '',
    `Medians of timed calls after ${DEFAULT_PLAN.warmUpMs} ms of warm-up calls (after one warm-up call for tfjs-cpu's GEMM,`,
    'conv2d and training figures, whose calls take seconds; ResNet-18 after its warm-up steps). Columns are',
    '`engine@threads`; higher is better.',
    "Ratios are strata's figure divided by the reference's (above 1: strata is faster). A figure",
    'marked "(batch n)" was measured at that smaller batch because the reference is too slow at',
    'full size. "not implemented": the reference lacks the kernel (tfjs-wasm has no',
    'Conv2DBackpropFilter, so it cannot compute weight gradients or train a convnet). "skipped (too',
    'slow)": one call of the reference would take over a minute.',
  ];
  for (const group of Object.keys(GROUP_TITLES) as WorkloadReport['group'][]) {
    const workloads = report.workloads.filter((w) => w.group === group);
    if (workloads.length === 0) continue;
    lines.push('', `## ${GROUP_TITLES[group]}`, '');
    if (group === 'gemm' && simd !== undefined) lines.push(`strata-cpu's WebAssembly kernels: ${simd}.`, '');
    if (group === 'gemm' && report.simdPeak !== undefined) lines.push(gemmPeakLine(report.simdPeak), '');
    const notes = GROUP_NOTES[group];
    if (notes !== undefined) lines.push(...notes, '');
    lines.push(...table(workloads));
  }
  if (report.simdPeak !== undefined) lines.push('', ...peakSection(report.simdPeak));
  if (report.browser !== undefined) lines.push('', ...browserSection(report.browser));
  if (report.loops !== undefined && report.loops.length > 0) lines.push('', ...loopTable(report.loops));
  if (report.targets !== undefined && report.targets.length > 0) lines.push('', ...targetsSection(report.targets));
  return `${lines.join('\n')}\n`;
}
