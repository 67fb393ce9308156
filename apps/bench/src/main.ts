import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { wasmSimdFlavour, wasmUnavailableReason } from '@strata/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { benchBrowser } from './browser/browser-bench.js';
import { gitCommit, machineInfo } from './machine.js';
import { renderMarkdown } from './markdown.js';
import type { BenchReport, PeakFigure, WorkloadReport } from './report.js';
import { measureSimdPeak, peakFlavourValidates } from './simd-peak.js';
import { gemmShareOfPeak } from './simd-peak-share.js';
import { evaluateTargets } from './targets.js';
import { STRATA_THREAD_COUNTS } from './threads.js';
import { tfjsInfo, useTfjs } from './tfjs.js';
import { mergeRounds, type StrataRound } from './rounds.js';
import { findTorchPython, runTorchBench, type TorchFigures } from './torch.js';
import { benchConv2d, type ConvCase } from './workloads/conv2d.js';
import { benchGemm, strataGemmResults } from './workloads/gemm.js';
import { benchLenet, strataLenetResults } from './workloads/lenet.js';
import { benchLenetLoop } from './workloads/lenet-loop.js';
import { benchResnet, RESNET_CASE, RESNET_WORKLOAD, resnetParameterCount } from './workloads/resnet.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../../..');
const TORCH_THREADS = [1, 2];
const GEMM_SIZES = [256, 512, 1024];
const CONV_CASES: ConvCase[] = [
  { name: 'lenet-conv1', x: [256, 1, 28, 28], filter: [6, 1, 5, 5], pad: 2, tfjsCpuBatch: 8, tfjsCpuWeightGrad: true },
  { name: 'lenet-conv2', x: [256, 6, 14, 14], filter: [16, 6, 5, 5], pad: 0, tfjsCpuBatch: 8, tfjsCpuWeightGrad: true },
  { name: 'resnet-64', x: [4, 64, 56, 56], filter: [64, 64, 3, 3], pad: 1, tfjsCpuBatch: 1, tfjsCpuWeightGrad: false },
  {
    name: 'resnet-128',
    x: [4, 128, 28, 28],
    filter: [128, 128, 3, 3],
    pad: 1,
    tfjsCpuBatch: 1,
    tfjsCpuWeightGrad: false,
  },
];
const GROUPS = ['gemm', 'conv2d', 'lenet', 'loop', 'resnet', 'peak', 'browser'] as const;
/** The GEMM size PyTorch also runs (`scripts/torch_bench.py`). */
const TORCH_GEMM_SIZE = 1024;
const DEFAULT_ROUNDS = 3;

const USAGE = `usage: pnpm bench [-- --markdown FILE] [--only ${GROUPS.join(',')}] [--rounds N]
  --markdown FILE  also write the report as a markdown table to FILE (relative to where pnpm was run)
  --only GROUPS    run only these workload groups (default: all)
  --rounds N       alternate N rounds of strata and of PyTorch on the workloads both run, and
                   report each side's median round (odd; default ${DEFAULT_ROUNDS}; one round without PyTorch)`;

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      markdown: { type: 'string' },
      only: { type: 'string' },
      rounds: { type: 'string', default: String(DEFAULT_ROUNDS) },
      help: { type: 'boolean' },
    },
  });
  const only = values.only === undefined ? [...GROUPS] : values.only.split(',');
  const unknown = only.filter((g) => !(GROUPS as readonly string[]).includes(g));
  if (unknown.length > 0)
    throw new Error(
      `bench: expected --only with groups from ${GROUPS.join(', ')}, got ${unknown.join(', ')}.\n${USAGE}`,
    );
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds % 2 === 0)
    throw new Error(
      `bench: expected --rounds to be an odd positive integer (the median round must be one that was measured), got ${values.rounds}.\n${USAGE}`,
    );
  return { markdown: values.markdown, only, rounds, help: values.help === true };
}

/** The ResNet-18 case on `scripts/torch_bench.py`'s command line, so both sides run the same steps. */
function resnetTorchArgs(): string[] {
  const { steps, warmUp, ratio, inputSize, batch, lr } = RESNET_CASE;
  return [
    ['--resnet-steps', steps],
    ['--resnet-warmup', warmUp],
    ['--resnet-ratio', ratio],
    ['--resnet-size', inputSize],
    ['--resnet-batch', batch],
    ['--resnet-lr', lr],
  ].flatMap(([flag, value]) => [String(flag), String(value)]);
}

/** Both sides must train the same network: the parameter counts of strata's and PyTorch's ResNet-18 agree. */
function checkResnetParameters(torchCount: number | undefined): void {
  const strataCount = resnetParameterCount();
  if (torchCount !== strataCount)
    throw new Error(
      `bench: expected PyTorch's ${RESNET_WORKLOAD} network to have strata's ${strataCount} parameters, got ${torchCount}; scripts/torch_bench.py must mirror resnet18 of @strata/models.`,
    );
}

/** The SIMD peak probe at each strata thread count, in every flavour this runtime validates. */
async function probeSimdPeak(progress: (message: string) => void): Promise<PeakFigure[]> {
  const probe: PeakFigure[] = [];
  for (const flavour of (['simd128', 'relaxed-simd'] as const).filter(peakFlavourValidates)) {
    for (const threads of STRATA_THREAD_COUNTS) {
      progress(`simd peak probe (${flavour}, ${threads} threads)`);
      probe.push(await measureSimdPeak(flavour, threads));
    }
  }
  return probe;
}

/** The probe's figures with GEMM 1024³'s share of the peak of the flavour strata's kernels ran. */
function simdPeakReport(
  probe: PeakFigure[],
  workloads: readonly WorkloadReport[],
): NonNullable<BenchReport['simdPeak']> {
  const gemmFlavour = wasmSimdFlavour ?? 'simd128';
  return {
    probe,
    ...(probe.some((p) => p.flavour === 'relaxed-simd')
      ? {}
      : { unavailable: `relaxed-simd: Node ${process.version} does not validate relaxed SIMD` }),
    gemmFlavour,
    gemm1024OfPeak: gemmShareOfPeak(workloads, probe, gemmFlavour),
  };
}

/** strata's figures for the workloads PyTorch also runs, measured again for a round after the first. */
async function strataRound(only: readonly string[]): Promise<StrataRound> {
  const round: StrataRound = {};
  if (only.includes('gemm')) round[`gemm-${TORCH_GEMM_SIZE}`] = await strataGemmResults(TORCH_GEMM_SIZE);
  if (only.includes('lenet')) {
    const { train, inference } = await strataLenetResults();
    round['lenet-train'] = train;
    round['lenet-inference'] = inference;
  }
  if (only.includes('resnet')) round[RESNET_WORKLOAD] = (await benchResnet()).results;
  return round;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const machine = machineInfo();
  await useTfjs('tfjs-wasm');
  const wasm = tfjsInfo();
  const simd = wasmSimdFlavour ?? `none (${wasmUnavailableReason})`;
  let workloads: WorkloadReport[] = [];
  // Groups without a PyTorch figure first, so that strata's first round of the others runs just
  // before PyTorch's first round.
  if (options.only.includes('conv2d')) {
    for (const c of CONV_CASES) {
      progress(`conv2d ${c.name}`);
      workloads.push(...(await benchConv2d(c)));
    }
  }
  let loops: BenchReport['loops'];
  if (options.only.includes('loop')) {
    progress('loop');
    loops = await benchLenetLoop();
  }
  let browser: BenchReport['browser'];
  if (options.only.includes('browser')) {
    progress('lenet in headless Chromium');
    browser = await benchBrowser(progress);
  }
  // Just before the GEMMs, so that the peak and the GEMM figures see the same machine.
  const probe = options.only.includes('peak') ? await probeSimdPeak(progress) : undefined;
  if (options.only.includes('gemm')) {
    for (const size of GEMM_SIZES) {
      progress(`gemm ${size} (strata-cpu kernels: ${simd})`);
      workloads.push(await benchGemm(size));
    }
  }
  if (options.only.includes('lenet')) {
    progress('lenet');
    workloads.push(...(await benchLenet()));
  }
  const withResnet = options.only.includes('resnet');
  if (withResnet) {
    progress('resnet18');
    workloads.push(await benchResnet());
  }
  const torchPython = findTorchPython(REPO_ROOT, process.env);
  const withTorch = ['gemm', 'lenet', 'resnet'].some((group) => options.only.includes(group));
  let pytorch: BenchReport['engines']['pytorch'];
  if (!withTorch) {
    pytorch = {
      skipped: `PyTorch runs only GEMM, LeNet and ResNet-18, and --only ${options.only.join(',')} has none.`,
    };
  } else if ('python' in torchPython) {
    const torchRounds: TorchFigures[] = [];
    const strataRounds: StrataRound[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      if (round > 1) {
        progress(`strata-cpu, round ${round} of ${options.rounds}`);
        strataRounds.push(await strataRound(options.only));
      }
      progress(`pytorch (${torchPython.python}), round ${round} of ${options.rounds}`);
      torchRounds.push(
        runTorchBench(
          torchPython.python,
          join(HERE, '..', 'scripts', 'torch_bench.py'),
          TORCH_THREADS,
          withResnet ? resnetTorchArgs() : [],
        ),
      );
    }
    if (withResnet) for (const figures of torchRounds) checkResnetParameters(figures.resnet18Parameters);
    workloads = mergeRounds(workloads, strataRounds, torchRounds);
    pytorch = { version: torchRounds[0]!.torch, threads: TORCH_THREADS, rounds: options.rounds };
  } else {
    progress(torchPython.skipped);
    pytorch = { skipped: torchPython.skipped };
  }
  const report: BenchReport = {
    command: ['pnpm bench', ...(argv.length > 0 ? ['--', ...argv.filter((a) => a !== '--')] : [])].join(' '),
    date: new Date().toISOString(),
    commit: gitCommit(REPO_ROOT),
    machine,
    engines: {
      'strata-cpu': {
        kernels: 'WebAssembly SIMD kernels of @strata/backend-cpu (float32), TypeScript for the rest',
        simd,
        threads: [...STRATA_THREAD_COUNTS],
      },
      'tfjs-cpu': { version: tf.version_core, threads: 1 },
      'tfjs-wasm': { version: wasm.version, binary: wasm.wasmBinary, threads: wasm.wasmThreads },
      pytorch,
    },
    workloads,
    ...(loops === undefined ? {} : { loops }),
    ...(probe === undefined ? {} : { simdPeak: simdPeakReport(probe, workloads) }),
    ...(browser === undefined ? {} : { browser }),
  };
  report.targets = evaluateTargets(report);
  console.log(JSON.stringify(report, null, 2));
  if (options.markdown !== undefined) {
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), options.markdown);
    writeFileSync(path, renderMarkdown(report));
    progress(`wrote ${path}`);
  }
}

await main();
