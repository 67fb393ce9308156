import { ratioOf, resultLabel } from './ratios.js';
import type { BenchReport, EngineResult, TargetResult, WorkloadReport } from './report.js';
import { significant } from './statistics.js';

/** Where a figure of a target comes from: this run's Node workloads or its browser workloads. */
type Source = 'node' | 'browser';

interface Figure {
  source: Source;
  workload: string;
  /** `engine@threads`, or `engine@*` for the engine's figure at the most threads it ran. */
  label: string;
}

interface RatioTarget {
  name: string;
  numerator: Figure;
  denominator: Figure;
  target: number;
  floor?: number;
}

const node = (workload: string, label: string): Figure => ({ source: 'node', workload, label });
const browser = (workload: string, label: string): Figure => ({ source: 'browser', workload, label });

/** The targets that are ratios of two figures of one run. */
const RATIO_TARGETS: readonly RatioTarget[] = [
  {
    name: 'LeNet training vs PyTorch, 1 thread',
    numerator: node('lenet-train', 'strata-cpu@1'),
    denominator: node('lenet-train', 'pytorch@1'),
    target: 1,
    floor: 0.6,
  },
  {
    name: 'LeNet training vs PyTorch, 2 threads',
    numerator: node('lenet-train', 'strata-cpu@2'),
    denominator: node('lenet-train', 'pytorch@2'),
    target: 0.8,
  },
  {
    name: 'LeNet training, second thread (+70 %)',
    numerator: node('lenet-train', 'strata-cpu@2'),
    denominator: node('lenet-train', 'strata-cpu@1'),
    target: 1.7,
  },
  {
    name: 'LeNet inference vs tfjs-wasm, 1 thread',
    numerator: node('lenet-inference', 'strata-cpu@1'),
    denominator: node('lenet-inference', 'tfjs-wasm@1'),
    target: 1,
    floor: 1,
  },
  {
    name: 'LeNet inference vs PyTorch, 1 thread',
    numerator: node('lenet-inference', 'strata-cpu@1'),
    denominator: node('lenet-inference', 'pytorch@1'),
    target: 0.5,
  },
  {
    name: 'LeNet inference vs PyTorch, 2 threads',
    numerator: node('lenet-inference', 'strata-cpu@2'),
    denominator: node('lenet-inference', 'pytorch@2'),
    target: 0.5,
  },
  {
    name: 'ResNet-18 training vs PyTorch, 1 thread',
    numerator: node('resnet18-train', 'strata-cpu@1'),
    denominator: node('resnet18-train', 'pytorch@1'),
    target: 0.5,
  },
  {
    name: 'ResNet-18 training vs PyTorch, 2 threads',
    numerator: node('resnet18-train', 'strata-cpu@2'),
    denominator: node('resnet18-train', 'pytorch@2'),
    target: 0.5,
  },
  {
    name: 'Chromium: LeNet inference vs threaded tfjs-wasm',
    numerator: browser('lenet-inference', 'strata-cpu@2'),
    denominator: browser('lenet-inference', 'tfjs-wasm@*'),
    target: 1,
  },
  {
    name: "Chromium: LeNet training at Node's speed, 2 threads",
    numerator: browser('lenet-train', 'strata-cpu@2'),
    denominator: node('lenet-train', 'strata-cpu@2'),
    target: 1,
  },
  {
    name: "Chromium: LeNet inference at Node's speed, 2 threads",
    numerator: browser('lenet-inference', 'strata-cpu@2'),
    denominator: node('lenet-inference', 'strata-cpu@2'),
    target: 1,
  },
];

/** GEMM 1024³ reaches this share of the SIMD peak of the flavour strata's kernels ran. */
const GEMM_PEAK_TARGET = 0.85;

function find(report: BenchReport, figure: Figure): EngineResult | undefined {
  const workloads: readonly WorkloadReport[] =
    figure.source === 'node' ? report.workloads : (report.browser?.workloads ?? []);
  const results = workloads.find((w) => w.name === figure.workload)?.results ?? [];
  const [engine, threads] = figure.label.split('@');
  const result =
    threads === '*'
      ? results.filter((r) => r.engine === engine).sort((a, b) => b.threads - a.threads)[0]
      : results.find((r) => resultLabel(r) === figure.label);
  return result;
}

function describe(figure: Figure): string {
  return `${figure.source === 'browser' ? 'Chromium ' : ''}${figure.workload} ${figure.label}`;
}

function result(
  name: string,
  ratio: string,
  target: number,
  actual: number | null,
  floor: number | undefined,
): TargetResult {
  return {
    name,
    ratio,
    target,
    ...(floor === undefined ? {} : { floor, floorMet: actual === null ? null : actual >= floor }),
    actual: actual === null ? null : significant(actual),
    met: actual === null ? null : actual >= target,
  };
}

/**
 * The targets checked against `report`'s figures: each ratio of two figures of this run
 * (null, and `met: null`, when the run lacks either), and GEMM 1024³'s share of the SIMD peak at
 * each thread count the probe ran.
 *
 * @example
 * ```ts
 * report.targets = evaluateTargets(report);
 * ```
 */
export function evaluateTargets(report: BenchReport): TargetResult[] {
  const targets = RATIO_TARGETS.map((t) => {
    const numerator = find(report, t.numerator);
    const denominator = find(report, t.denominator);
    const actual = numerator === undefined || denominator === undefined ? null : ratioOf(numerator, denominator);
    return result(t.name, `${describe(t.numerator)} / ${describe(t.denominator)}`, t.target, actual, t.floor);
  });
  const shares = report.simdPeak?.gemm1024OfPeak ?? {};
  for (const label of ['strata-cpu@1', 'strata-cpu@2']) {
    const threads = label.split('@')[1];
    targets.push(
      result(
        `GEMM 1024³ vs SIMD peak, ${threads} thread${threads === '1' ? '' : 's'}`,
        `gemm-1024 ${label} / ${report.simdPeak?.gemmFlavour ?? 'SIMD'} peak@${threads}`,
        GEMM_PEAK_TARGET,
        shares[label] ?? null,
        undefined,
      ),
    );
  }
  return targets;
}
