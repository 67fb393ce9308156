/**
 * What the module layer costs a forward pass: every Module is a Proxy that watches assignments
 * (so that fields and `this.x = ...` register), and each property read in `forward` goes
 * through it. Times d2l's LeNet (sigmoid, average pooling) on the CPU backend, in evaluation
 * under noGrad, at batch 1 (where per-call overhead shows most) and 256:
 *
 * - `module`: `net.forward(x)` on nn's Sequential of layers;
 * - `functional`: the same ops on the same weights called directly, with no module at all;
 * - `baseline` (when `NN_BASELINE` names another build of @strata/nn, e.g. one made from an
 *   earlier commit): the same network built with that build's classes, in the same process.
 *
 * plus two pure-JavaScript figures that do not drown in the kernels' time: one property read
 * through a module against a plain object, and one forward through a Sequential of 12 Identity
 * layers (per build). Variants run back to back in each round, from a collected heap, timed in
 * CPU time; the median rate and the median within-round ratio are reported. Prints one JSON
 * object. Run with `pnpm --filter @strata/nn bench` after `pnpm build`.
 */
import { setNumThreads } from '@strata/backend-cpu';
import { cpus } from 'node:os';
import { avgPool2d, conv2d, linear, manualSeed, noGrad, rand, sigmoid, type Tensor, tidy } from '@strata/core';
import * as nn from '../src/index.js';

const RUNS = 31;
const BUDGET_MS = 100;
const READS = 2_000_000;
const CHAIN_CALLS = 200_000;

type NnBuild = Pick<typeof nn, 'Sequential' | 'Conv2d' | 'Sigmoid' | 'AvgPool2d' | 'Flatten' | 'Linear' | 'Identity'>;

// Written in the form every version of the API accepts, so that a baseline build can run it.
function lenet(build: NnBuild) {
  return new build.Sequential(
    new build.Conv2d(1, 6, 5, { padding: 2 }),
    new build.Sigmoid(),
    new build.AvgPool2d(2, { stride: 2 }),
    new build.Conv2d(6, 16, 5),
    new build.Sigmoid(),
    new build.AvgPool2d(2, { stride: 2 }),
    new build.Flatten(),
    new build.Linear(16 * 5 * 5, 120),
    new build.Sigmoid(),
    new build.Linear(120, 84),
    new build.Sigmoid(),
    new build.Linear(84, 10),
  ).eval();
}

function functional(weights: Record<string, Tensor>): (x: Tensor) => Tensor {
  const w = (name: string) => weights[name]!;
  return (x) => {
    let y = avgPool2d(sigmoid(conv2d(x, w('0.weight'), w('0.bias'), { padding: 2 })), 2, { stride: 2 });
    y = avgPool2d(sigmoid(conv2d(y, w('3.weight'), w('3.bias'))), 2, { stride: 2 }).flatten(1);
    y = sigmoid(linear(y, w('7.weight'), w('7.bias')));
    y = sigmoid(linear(y, w('9.weight'), w('9.bias')));
    return linear(y, w('11.weight'), w('11.bias'));
  };
}

// Milliseconds of CPU time this process spent, all threads: on a shared machine it moves far
// less with the other processes' load than the wall clock does.
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

// Images per CPU-second of one run of `passes` forward passes.
function run(forward: (x: Tensor) => Tensor, x: Tensor, passes: number): number {
  // Each run starts from a collected heap, so that one variant does not pay for another's garbage.
  (globalThis as { gc?: () => void }).gc?.();
  const start = cpuMs();
  for (let i = 0; i < passes; i++) noGrad(() => tidy(() => forward(x).dataSync()));
  return (passes * x.shape[0]!) / ((cpuMs() - start) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// The machine is shared, so each round runs every variant back to back and the ratios are taken
// within a round (paired), then the median over rounds is reported.
function timeVariants(variants: Record<string, (x: Tensor) => Tensor>, x: Tensor): Record<string, number> {
  const first = Object.values(variants)[0]!;
  const start = cpuMs();
  run(first, x, 3);
  const passes = Math.max(1, Math.round((BUDGET_MS * 3) / (cpuMs() - start)));
  for (const forward of Object.values(variants)) run(forward, x, passes);
  const names = Object.keys(variants);
  const rates: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const others = names.filter((name) => name !== 'module');
  const ratios: Record<string, number[]> = Object.fromEntries(others.map((name) => [name, []]));
  const entries = Object.entries(variants);
  for (let r = 0; r < RUNS; r++) {
    // Each round starts with the next variant, so that none always runs first.
    const order = entries.map((_, i) => entries[(i + r) % entries.length]!);
    const round = Object.fromEntries(order.map(([name, forward]) => [name, run(forward, x, passes)]));
    for (const name of names) rates[name]!.push(round[name]!);
    for (const name of others) ratios[name]!.push(round.module! / round[name]!);
  }
  return {
    ...Object.fromEntries(Object.entries(rates).map(([name, values]) => [name, Math.round(median(values))])),
    ...Object.fromEntries(
      others.map((name) => [
        `moduleOver${name[0]!.toUpperCase()}${name.slice(1)}`,
        Number(median(ratios[name]!).toFixed(3)),
      ]),
    ),
  };
}

class Fields extends nn.Module {
  a = 1;
  b = 2;
  forward(x: Tensor): Tensor {
    return x;
  }
}

// Nanoseconds per property read through a module and through a plain object of the same shape.
function propertyReads(): { moduleNs: number; plainNs: number } {
  const time = (target: { a: number; b: number }) => {
    let sum = 0;
    const start = cpuMs();
    for (let i = 0; i < READS; i++) sum += i & 1 ? target.a : target.b;
    const ns = ((cpuMs() - start) * 1e6) / READS;
    if (sum === 0) throw new Error('propertyReads: the loop was not run');
    return ns;
  };
  const module = new Fields();
  const plain = { a: 1, b: 2 };
  time(module);
  time(plain);
  return {
    moduleNs: Number(median(Array.from({ length: 5 }, () => time(module))).toFixed(2)),
    plainNs: Number(median(Array.from({ length: 5 }, () => time(plain))).toFixed(2)),
  };
}

// Nanoseconds per forward through a Sequential of 12 Identity layers: the module machinery alone
// (method lookups, Sequential's loop), with no tensor work.
function identityChain(build: NnBuild, x: Tensor): number {
  const chain = new build.Sequential(...Array.from({ length: 12 }, () => new build.Identity()));
  const time = () => {
    const start = cpuMs();
    for (let i = 0; i < CHAIN_CALLS; i++)
      if (chain.forward(x) !== x) throw new Error('identityChain: not the identity');
    return ((cpuMs() - start) * 1e6) / CHAIN_CALLS;
  };
  time();
  return Number(median(Array.from({ length: 5 }, time)).toFixed(1));
}

async function main(): Promise<void> {
  // One thread: the overhead is on the calling thread, and workers add noise on a shared machine.
  setNumThreads(1);
  manualSeed(0);
  const net = lenet(nn);
  const builds: Record<string, NnBuild> = { module: nn };
  const variants: Record<string, (x: Tensor) => Tensor> = {
    module: (x) => net.forward(x),
    functional: functional(net.stateDict()),
  };
  const baselinePath = process.env.NN_BASELINE;
  if (baselinePath !== undefined) {
    builds.baseline = (await import(baselinePath)) as NnBuild;
    const baseline = lenet(builds.baseline);
    baseline.loadStateDict(net.stateDict());
    variants.baseline = (x) => baseline.forward(x);
  }
  const batches: Record<string, Record<string, number>> = {};
  for (const batch of [1, 256]) {
    const rates = timeVariants(variants, rand([batch, 1, 28, 28]));
    batches[`batch${batch}`] = {
      ...rates,
      moduleOverFunctional: Number((rates.module! / rates.functional!).toFixed(3)),
      ...(rates.baseline === undefined
        ? {}
        : { moduleOverBaseline: Number((rates.module! / rates.baseline).toFixed(3)) }),
    };
  }
  const report = {
    bench: 'nn forward overhead (LeNet, images per CPU-second, median over rounds)',
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    baseline: baselinePath ?? null,
    ...batches,
    propertyRead: propertyReads(),
    identityChainNs: Object.fromEntries(
      Object.entries(builds).map(([name, build]) => [name, identityChain(build, rand([1]))]),
    ),
  };
  console.log(JSON.stringify(report, null, 2));
}

await main();
